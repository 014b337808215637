fn main() {
    neuralscope::ui::start();
}
