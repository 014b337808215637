//! The convolution engine in the browser: the same seeded run gives the same
//! losses, bit for bit, as natively, in `f64` (crates/engine/tests/engine_conv.rs,
//! golden_history_native) and in `f32`, the page's precision
//! (crates/engine/tests/engine_conv_f32.rs, golden32_history_native), and the
//! digits parse from the shipped gzip bytes.
#![cfg(target_arch = "wasm32")]

use neuralscope_engine::conv::{ConvNetConfig, ConvTrainer, TrainConfig};
use neuralscope_engine::data::images::{self, Generated};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: [u64; 6] =
    [4609511903799592319, 4609634683341541691, 4608990189594327691, 4608890007211393799, 4607550758659698886, 4607715552953550086];

#[wasm_bindgen_test]
fn conv_training_is_bit_identical_to_native() {
    let set = images::generate(Generated::Shapes, 120, 8, 0.1, 3);
    let (train, test) = set.split(0.25, 3);
    let cfg = ConvNetConfig::default_for(train.shape, 4);
    let mut t = ConvTrainer::new(&cfg, train, test, TrainConfig { seed: 3, ..TrainConfig::default() }).unwrap();
    t.train_epochs(2);
    let bits: Vec<u64> = t.history.iter().flat_map(|s| [s.train_loss.to_bits(), s.test_loss.unwrap().to_bits()]).collect();
    assert_eq!(bits, GOLDEN.to_vec());
}

const GOLDEN32: [u64; 6] =
    [4609511903772034116, 4609634683205766349, 4608990189555047174, 4608890007065722880, 4607550758679018064, 4607715553018887100];

#[wasm_bindgen_test]
fn conv_training_in_f32_is_bit_identical_to_native() {
    let set = images::generate(Generated::Shapes, 120, 8, 0.1, 3);
    let (train, test) = set.split(0.25, 3);
    let cfg = ConvNetConfig::default_for(train.shape, 4);
    let mut t = ConvTrainer::<f32>::build(&cfg, train, test, TrainConfig { seed: 3, ..TrainConfig::default() }).unwrap();
    t.train_epochs(2);
    let bits: Vec<u64> = t.history.iter().flat_map(|s| [s.train_loss.to_bits(), s.test_loss.unwrap().to_bits()]).collect();
    assert_eq!(bits, GOLDEN32.to_vec());
}

#[wasm_bindgen_test]
fn digits_parse_from_the_gzip_bytes() {
    let bytes = include_bytes!("../assets/digits.csv.gz");
    let d = images::digits_from_bytes(bytes).unwrap();
    assert_eq!(d.len(), 1797);
    assert_eq!(d.classes(), 10);
}
