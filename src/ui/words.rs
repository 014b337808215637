//! Words for people, written from the engine's data: why training stopped
//! ([`Stop`]), why a setup was refused ([`Problem`]) and the plateau hint,
//! the same sentences in every view.

use crate::engine::dense::config::Problem;
use crate::engine::dense::diagnose::Plateau;
use crate::engine::history::EpochStats;
use crate::engine::limits::{shown, MAX_WEIGHT};
use crate::engine::text::number;
use crate::engine::train::{Cause, Layer, StallCause, Stop};
use crate::render::text::{fmt_loss, grouped};
use crate::ui::i18n::{fill, t, t_owned};

/// A number written the English way (`1,200.5`, `-0.25`) as the page's language
/// writes it (German and Spanish: `1.200,5`, `-0,25`). Every number shown to
/// people goes through here; links, files and inputs keep the English form.
pub fn num(en: &str) -> String {
    if en == "overflowed" || en == "not a finite number" {
        return t_owned(en);
    }
    if !crate::ui::i18n::lang().decimal_comma() {
        return en.to_string();
    }
    crate::render::text::comma_decimal(en)
}

/// [`crate::engine::text::number`] for people ([`num`]).
pub fn number_shown(x: f64, digits: usize) -> String {
    num(&number(x, digits))
}

/// A loss for people ([`fmt_loss`], [`num`]).
pub fn loss_shown(v: f64) -> String {
    num(&fmt_loss(v))
}

/// A whole number for people, grouped (`1,200`; `1.200` in German and Spanish).
pub fn grouped_shown(n: u64) -> String {
    num(&grouped(n))
}

/// A fraction as a whole percentage for people (`98 %`).
pub fn percent(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

/// A range as people read it: "a number from 0 to 1" ([`crate::engine::limits::Limit::describe`] in the page's language).
pub fn range_words(l: &crate::engine::limits::Limit) -> String {
    let line = if l.min_open { t("a number above {min} and at most {max}") } else { t("a number from {min} to {max}") };
    fill(line, &[("min", &num(&l.min.to_string())), ("max", &num(&l.max.to_string()))])
}

/// Names of counted things in the engine's refusals, for the tables.
const _COUNTED: [&str; 2] = [crate::ui::i18n::mark("classes"), crate::ui::i18n::mark("points")];

/// "7 free parameters: 4 weights and 3 biases" (the engine's `ParamCount` in the page's language).
pub fn params(p: &crate::engine::dense::network::ParamCount) -> String {
    let total = crate::ui::i18n::plural(p.total(), "{n} free parameter", "{n} free parameters");
    let weights = crate::ui::i18n::plural(p.weights, "{n} weight", "{n} weights");
    let biases = crate::ui::i18n::plural(p.biases, "{n} bias", "{n} biases");
    if p.norm == 0 {
        fill(t("{total}: {weights} and {biases}"), &[("total", &total), ("weights", &weights), ("biases", &biases)])
    } else {
        fill(
            t("{total}: {weights}, {biases} and {norm} normalization scales and shifts (γ, β)"),
            &[("total", &total), ("weights", &weights), ("biases", &biases), ("norm", &p.norm)],
        )
    }
}

/// What a loaded file's points are ("150 points (3 classes)"; the engine's
/// [`Found`](crate::engine::io::csv_points::Found) in the page's language).
pub fn found(f: &crate::engine::io::csv_points::Found) -> String {
    use crate::engine::io::csv_points::FoundKind;
    use crate::ui::i18n::plural;
    let what = match &f.kind {
        FoundKind::Regression => plural(f.points, "a regression target", "regression targets"),
        FoundKind::Classes { n_classes, present, empty } => {
            let head = match present.as_slice() {
                [k] => fill(t("class {k} only"), &[("k", k)]),
                _ => plural(*n_classes, "{n} class", "{n} classes"),
            };
            match empty.as_slice() {
                [] => head,
                [k] => fill(t("{head}; class {k} is empty"), &[("head", &head), ("k", k)]),
                [rest @ .., last] => {
                    let rest = rest.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                    fill(t("{head}; classes {list} and {last} are empty"), &[("head", &head), ("list", &rest), ("last", last)])
                }
            }
        }
    };
    fill(&plural(f.points, "{n} point ({what})", "{n} points ({what})"), &[("what", &what)])
}

/// "hidden layer 2", "the output layer".
fn layer_name(l: Layer) -> String {
    if l.output {
        t("the output layer").to_string()
    } else {
        fill(t("hidden layer {n}"), &[("n", &(l.index + 1))])
    }
}

/// Why training stopped and the way out, as one paragraph (without the
/// "Training stopped." the views put before it).
pub fn stop(s: &Stop) -> String {
    match *s {
        Stop::Diverged { epoch, step, layer, cause, weights_kept, learning_rate } => {
            let thing = match cause {
                Cause::Activations => t("The neuron values overflowed").to_string(),
                Cause::Loss => t("The loss overflowed").to_string(),
                Cause::Gradients => t("The gradients overflowed").to_string(),
                // every trainer checks a step before it takes it
                Cause::Weights => t("The weights would have overflowed").to_string(),
                Cause::WeightBound => {
                    fill(t("A step would have thrown a weight past {max} (the gradient exploded)"), &[("max", &grouped_shown(MAX_WEIGHT as u64))])
                }
            };
            let mut at = fill(t(" at epoch {epoch}"), &[("epoch", &epoch)]);
            if step > 0 {
                at += &fill(t(", step {step}"), &[("step", &step)]);
            }
            if let Some(l) = layer {
                at += &fill(t(", in {layer}"), &[("layer", &layer_name(l))]);
            }
            let way_out = match (weights_kept, cause) {
                (true, Cause::WeightBound) => t("The weights before that step were kept. Lower the learning rate to go on."),
                (true, _) => t("The last weights whose loss was finite were kept. Lower the learning rate to go on."),
                (false, _) => t("Lower the learning rate, then Reset."),
            };
            fill(
                t("{thing}{at}: the learning rate is too high ({rate}). {way_out}"),
                &[("thing", &thing), ("at", &at), ("rate", &number_shown(learning_rate, 6)), ("way_out", &way_out)],
            )
        }
        Stop::Stalled { layer, cause: StallCause::StepActivation, .. } => fill(
            t("Gradients cannot flow through the step activation in {layer}: its slope is zero everywhere, \
             so gradient descent cannot change the weights that feed it. Step works only in a \
             single-layer perceptron (no hidden layers); pick another activation here."),
            &[("layer", &layer.map_or_else(|| t("the network").to_string(), layer_name))],
        ),
        Stop::Stalled { epoch, layer, cause, loss, zero_weights } => {
            let mut out = fill(
                t("Training has stalled at epoch {epoch}: the training loss stays at {loss} because no gradient reaches the weights any more. "),
                &[("epoch", &epoch), ("loss", &number_shown(loss, 3))],
            );
            let hidden = |l: Option<Layer>| l.map_or(1, |l| l.index + 1);
            let output = layer.is_some_and(|l| l.output);
            if zero_weights {
                let which = match cause {
                    StallCause::DeadLayer => fill(
                        t("Every ReLU neuron in hidden layer {n} outputs 0 for every training point (\"dead\" neurons pass no gradient) \
                         because every weight into it is 0"),
                        &[("n", &hidden(layer))],
                    ),
                    StallCause::Saturated if output => t("Every weight into the output neuron is 0").to_string(),
                    StallCause::Saturated => fill(t("Every weight into hidden layer {n} is 0"), &[("n", &hidden(layer))]),
                    StallCause::Flat | StallCause::StepActivation => t("Every weight of the network is 0").to_string(),
                };
                out += &fill(
                    t("{which}: with all-zero initialization every neuron of a layer computes the same weighted sum, \
                     receives the same gradient (here none) and so can never become different from its neighbours: \
                     the symmetry is never broken. The learning rate is not the cause. \
                     Cure: another initialization (uniform, Xavier or He), then Reset."),
                    &[("which", &which)],
                );
                return out;
            }
            out += &match cause {
                StallCause::DeadLayer => fill(
                    t("Every ReLU neuron in hidden layer {n} outputs 0 for every training point (\"dead\" neurons pass no gradient), \
                     most likely after a step that was far too large."),
                    &[("n", &hidden(layer))],
                ),
                StallCause::Saturated if output => t("The output neuron sits on a flat end of its curve for every point (saturated: its slope is almost 0), \
                     most likely after a step that was far too large.")
                .to_string(),
                StallCause::Saturated => fill(
                    t("Every neuron in hidden layer {n} sits on a flat end of its curve for every point (saturated: slope almost 0), \
                     most likely after a step that was far too large."),
                    &[("n", &hidden(layer))],
                ),
                StallCause::Flat | StallCause::StepActivation => t("The loss surface is flat where the weights are now.").to_string(),
            };
            out + t(" Likely cure: a smaller learning rate (or another initialization), then Reset.")
        }
        Stop::Overshoot { epoch, low, high, best } => fill(
            t("Training is going nowhere at epoch {epoch}: the training loss jumps between {low} and {high} and no longer gets below the {best} it reached before. \
             The steps overshoot: the learning rate is too high. Likely cure: a smaller learning rate, then Reset."),
            &[("epoch", &epoch), ("low", &number_shown(low, 3)), ("high", &number_shown(high, 3)), ("best", &number_shown(best, 3))],
        ),
        Stop::Collapsed { epoch, accuracy, classes, loss, uniform, learning_rate } => fill(
            t("Training stalled at epoch {epoch}: {percent} % of the training examples are right, no better than guessing among {classes} classes, \
             and the loss ({loss}) is no lower than that of a uniform guess (ln {classes} = {uniform}): the net gives every example about the same answer, \
             or jumps from one wrong answer to the next. The learning rate ({rate}) is probably too high: its steps killed the units, saturated the outputs \
             or overshoot. Pick a smaller one and Reset."),
            &[
                ("epoch", &epoch),
                ("percent", &format!("{:.0}", 100.0 * accuracy)),
                ("classes", &classes),
                ("loss", &number_shown(loss, 2)),
                ("uniform", &num(&format!("{uniform:.2}"))),
                ("rate", &number_shown(learning_rate, 6)),
            ],
        ),
    }
}

/// A setting that builds a new model changed (`why`: "the data changed").
pub fn rebuilt(why: &str) -> String {
    fill(t("The network was rebuilt because {why}: training starts again from epoch 0."), &[("why", &t_owned(why))])
}

/// [`stop`] as a lab's status line says it: "Training stopped. …".
pub fn stopped(s: &Stop) -> String {
    format!("{} {}", t("Training stopped."), stop(s))
}

/// What a screen reader hears when training starts ([`crate::ui::announce`]).
pub const PLAYING: &str = crate::ui::i18n::mark("Training started.");
/// ... and when it pauses without a stop.
pub const PAUSED: &str = crate::ui::i18n::mark("Training paused.");

/// The progress a screen reader hears while training: "Epoch 1,200: test loss 0.021,
/// test accuracy 98 %." (the training figures where there is no test set).
pub fn progress(s: &EpochStats) -> String {
    let (test, loss, acc) = match s.test_loss {
        Some(l) => (true, l, s.test_accuracy),
        None => (false, s.train_loss, s.train_accuracy),
    };
    let acc = acc
        .map(|a| fill(if test { t(", test accuracy {a} %") } else { t(", accuracy {a} %") }, &[("a", &format!("{:.0}", a * 100.0))]))
        .unwrap_or_default();
    let line = if test { t("Epoch {epoch}: test loss {loss}{acc}.") } else { t("Epoch {epoch}: loss {loss}{acc}.") };
    fill(line, &[("epoch", &grouped_shown(s.epoch)), ("loss", &loss_shown(loss)), ("acc", &acc)])
}

/// A lesson's goal met, with what it showed.
pub fn goal_met(what: &str) -> String {
    format!("{} {what}", t("Goal met."))
}

/// The hint shown while training has levelled off below what the data allows.
pub fn plateau(p: &Plateau) -> String {
    fill(
        t("No progress for {epochs} epochs: the training accuracy stays at {percent} % and the loss has barely moved ({then} → {now}). \
         This data has no noise, so a network that fits it reaches 100 %: this one is stuck in a poor solution, or too small for the data. \
         Small networks on XOR stay stuck from some starting weights (some escape after thousands of epochs). \
         Try new starting weights (New seed) or one more neuron."),
        &[
            ("epochs", &p.epochs),
            ("percent", &format!("{:.0}", 100.0 * p.accuracy)),
            ("then", &num(&format!("{:.4}", p.loss_then))),
            ("now", &num(&format!("{:.4}", p.loss_now))),
        ],
    )
}

/// Which "stop at" target was met and when (the run bar says it while paused).
pub fn target_met(m: &crate::ui::stop_at::Met) -> String {
    use crate::ui::stop_at::Reached;
    let what = match m.reached {
        Reached::Epoch => {
            return fill(t("Target met: epoch {epoch} reached. Paused; Play goes on past it."), &[("epoch", &grouped_shown(m.epoch))])
        }
        Reached::Loss { test, value, target } => fill(
            if test {
                t("the test loss fell to {value}, below the target {target}")
            } else {
                t("the training loss fell to {value}, below the target {target}")
            },
            &[("value", &number_shown(value, 4)), ("target", &number_shown(target, 6))],
        ),
        Reached::Accuracy { test, value, target } => fill(
            if test {
                t("the test accuracy reached {value} % (target {target} %)")
            } else {
                t("the training accuracy reached {value} % (target {target} %)")
            },
            &[("value", &num(&format!("{:.1}", 100.0 * value))), ("target", &number_shown(100.0 * target, 4))],
        ),
    };
    let paused =
        if m.epoch == m.measured { String::new() } else { fill(t(", paused at epoch {epoch}"), &[("epoch", &grouped_shown(m.epoch))]) };
    fill(
        t("Target met at epoch {epoch}: {what}{paused}. Play goes on past it."),
        &[("epoch", &grouped_shown(m.measured)), ("what", &what), ("paused", &paused)],
    )
}

/// Why a typed "stop at" target was refused: `what` ("The loss target"), the
/// text, and the range (`percent`: shown as a percentage).
pub fn target_refused(what: &str, text: &str, range: &crate::engine::limits::Limit, percent: bool) -> String {
    let range = if percent {
        range_words(&crate::engine::limits::Limit { min: range.min * 100.0, max: range.max * 100.0, ..*range })
    } else {
        range_words(range)
    };
    fill(
        t("{what}: \u{201c}{text}\u{201d} was refused; enter {range}, or leave it empty for none."),
        &[("what", &what), ("text", &text), ("range", &range)],
    )
}

/// How a notice names the names in a link's `hide=` that are no group of
/// controls of the view (the known ones were hidden), with the groups it has.
pub fn unknown_groups<'a>(unknown: &[String], groups: impl Iterator<Item = &'a str>) -> String {
    let names = unknown.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let line = if unknown.len() == 1 {
        t("hide ({names} is not a group of controls of this view: ignored; its groups are {groups})")
    } else {
        t("hide ({names} are not groups of controls of this view: ignored; its groups are {groups})")
    };
    fill(line, &[("names", &names), ("groups", &groups.collect::<Vec<_>>().join(", "))])
}

/// What "Copy link" of the "Prepare for class" panel says: copied, or copy it by hand.
pub fn prepared_link(link: &str, copied: bool) -> String {
    if copied {
        fill(t("Copied the link for your class ({n} characters): {link}"), &[("n", &link.len()), ("link", &link)])
    } else {
        fill(t("Copy this link by hand (the clipboard was not available): {link}"), &[("link", &link)])
    }
}

/// Why a model file's field was refused, naming the field (the engine's
/// [`Fault`](crate::engine::io::model_file::Fault) in the page's language).
pub fn model_fault(field: &str, fault: &crate::engine::io::model_file::Fault) -> String {
    use crate::engine::io::model_file::{Fault::*, FORMAT, VERSION};
    let f = ("field", &field as &dyn std::fmt::Display);
    match fault {
        Missing => fill(t("The field `{field}` is missing."), &[f]),
        // the parser's own words, in brackets
        Invalid(why) => fill(t("The field `{field}` is invalid ({why})."), &[f, ("why", why)]),
        NotFinite(token) => fill(t("The field `{field}` holds {token}, which is not a finite number."), &[f, ("token", token)]),
        NotANumber => fill(t("The field `{field}` must be a number."), &[f]),
        NotAWholeNumber => fill(t("The field `{field}` must be a whole number."), &[f]),
        NotNumbers => fill(t("The field `{field}` must be a list of numbers."), &[f]),
        Length { got, neurons } => fill(
            t("The field `{field}` has {got} values but a layer of {neurons} neurons needs {neurons}."),
            &[f, ("got", got), ("neurons", neurons)],
        ),
        NotAnObject if field.is_empty() => t("A model file must be a JSON object.").to_string(),
        NotAnObject => fill(t("The field `{field}` must be an object."), &[f]),
        NotAList => fill(t("The field `{field}` must be a list."), &[f]),
        NotRows => fill(t("The field `{field}` must be a list of rows."), &[f]),
        Format(got) => fill(t("The field `{field}` is \"{got}\"; expected \"{format}\"."), &[f, ("got", got), ("format", &FORMAT)]),
        Version(got) => {
            fill(t("The field `{field}` is {got}; this build reads version {version}."), &[f, ("got", got), ("version", &VERSION)])
        }
        Epoch(got) => fill(
            t("The field `{field}` is {got}; at most {max} epochs are counted."),
            &[f, ("got", &grouped_shown(*got)), ("max", &grouped_shown(crate::engine::limits::EPOCHS))],
        ),
        LayerCount { got, hidden } => fill(
            t("The field `{field}` has {got} layers but the configuration has {all} ({hidden} hidden + output)."),
            &[f, ("got", got), ("all", &(hidden + 1)), ("hidden", hidden)],
        ),
        Activation { got, want } => fill(
            t("The field `{field}` is {got} but the configuration says {want}."),
            &[f, ("got", &t_owned(got)), ("want", &t_owned(want))],
        ),
        RowCount { got, layer, inputs } => fill(
            t("The field `{field}` has {got} rows but layer {layer} has {inputs} inputs."),
            &[f, ("got", got), ("layer", layer), ("inputs", inputs)],
        ),
        NormMissing { layer } => {
            fill(t("The field `{field}` is missing: the configuration says hidden layer {layer} is normalized."), &[f, ("layer", layer)])
        }
        NoModel => t("A scenario needs `config` (an architecture) or `model` (a model file).").to_string(),
        Setup(p) => fill(t("The field `{field}` {why}."), &[f, ("why", &problem(p))]),
    }
}

/// Why a job's run could not run (the worker's [`Failure`](neuralscope_jobs::protocol::Failure)
/// in the page's language; `message`, the worker's English, where it is nothing more specific).
pub fn job_failed(message: &str, why: &neuralscope_jobs::protocol::Failure) -> String {
    use neuralscope_jobs::protocol::Failure;
    match why {
        Failure::StepActivation => {
            t("Gradients cannot flow through a step activation in a network with hidden layers: pick another activation.").to_string()
        }
        Failure::Unreadable => t("The worker could not read the job's message.").to_string(),
        Failure::Setup { field } => fill(t("The setting {field} of this run was refused; the run did not start."), &[("field", field)]),
        Failure::Baselines => fill(t("The simpler models could not be fitted ({why})."), &[("why", &message)]),
        // the page's own messages are written in its language already
        Failure::Other => message.to_string(),
    }
}

/// What is wrong with a refused setting, as the notice that names it by `key`
/// (its link key): "lr (must be a number above 0 and at most 100; it is 1e308)".
pub fn setup(key: &str, p: &Problem) -> String {
    format!("{key} ({})", problem(p))
}

/// A refused setup as a sentence, naming the setting by `key`:
/// "lr: must be a number above 0 and at most 100; it is 1e308."
pub fn setup_error(key: &str, p: &Problem) -> String {
    format!("{key}: {}.", problem(p))
}

fn problem(p: &Problem) -> String {
    match p {
        Problem::OutOfRange { got, limit } => {
            fill(t("must be {range}; it is {got}"), &[("range", &range_words(limit)), ("got", &num(&shown(*got)))])
        }
        Problem::Count { got, min, max, what: "" } => {
            fill(t("must be {min} to {max}; it is {got}"), &[("min", min), ("max", max), ("got", got)])
        }
        Problem::Count { got, min, max, what } => {
            fill(t("has {got} {what}; it needs {min} to {max}"), &[("got", got), ("what", &t_owned(what)), ("min", min), ("max", max)])
        }
        Problem::NotPositive { got } => fill(t("must be a positive number; it is {got}"), &[("got", &num(&shown(*got)))]),
        Problem::Negative { got } => fill(t("must be zero or positive; it is {got}"), &[("got", &num(&shown(*got)))]),
        Problem::Empty => t("choose at least one input feature").into(),
        Problem::Repeated { name } => fill(t("the feature {name} is listed twice"), &[("name", name)]),
        Problem::ZeroNeurons => t("a hidden layer has no neurons; every layer needs at least one").into(),
        Problem::TooManyOptions { options, hidden } => fill(
            t("{options} layer options for {hidden} hidden layers; options belong to hidden layers only"),
            &[("options", options), ("hidden", hidden)],
        ),
        Problem::SkipWidth { inputs, neurons } => fill(
            t("a skip connection adds a layer's input to its output, so the two must be as wide; \
             this layer has {inputs} inputs and {neurons} neurons"),
            &[("inputs", inputs), ("neurons", neurons)],
        ),
        Problem::SoftmaxNeedsClasses => t("a softmax output needs a classification data set, not regression").into(),
        Problem::CrossEntropyNeedsClasses => t("cross-entropy needs a classification data set; use MSE or MAE for regression").into(),
        Problem::CrossEntropyNeedsOutput { output } => {
            fill(t("cross-entropy needs a sigmoid, tanh or softmax output (out), not {output}"), &[("output", &output.name())])
        }
        Problem::CustomMissing => t("the data set is custom but has no points").into(),
        Problem::NotFinite => t("not a finite number").into(),
        Problem::BadLabel { label } => {
            fill(t("label {label} is not a class: use −1/+1 for two classes, 0 to n−1 for more"), &[("label", &number_shown(*label, 10))])
        }
        Problem::ShapeMismatch { net, config } => fill(
            t("the network's layer sizes {net} do not match the settings' {config}"),
            &[("net", &format!("{net:?}")), ("config", &format!("{config:?}"))],
        ),
        Problem::ActivationMismatch { net, config } => {
            fill(t("the network has {net} where the settings have {config}"), &[("net", &net.name()), ("config", &config.name())])
        }
        Problem::NoSuch => t("there is no such weight").into(),
        Problem::NotOffered { by } => fill(t("{by} trains without it"), &[("by", by)]),
        Problem::EchoTooFar { k, seq_len } => fill(
            t("must be below the sequence length ({len}); it is {k}: the echo needs a step {k} steps back"),
            &[("len", seq_len), ("k", k)],
        ),
        Problem::NoData => t("there is nothing to train on").into(),
    }
}

/// A chart's last values, for the screen reader's "last values" text: "Epoch 1,200: training
/// loss 0.0213, test loss 0.0250, training accuracy 98.0 %, test accuracy 97.0 %."
pub fn chart_values(s: &EpochStats) -> String {
    let mut out =
        fill(t("Epoch {epoch}: training loss {loss}"), &[("epoch", &grouped_shown(s.epoch)), ("loss", &loss_shown(s.train_loss))]);
    if let Some(v) = s.test_loss {
        out += &fill(t(", test loss {loss}"), &[("loss", &loss_shown(v))]);
    }
    for (line, a) in [(t(", training accuracy {a} %"), s.train_accuracy), (t(", test accuracy {a} %"), s.test_accuracy)] {
        if let Some(a) = a {
            out += &fill(line, &[("a", &num(&format!("{:.1}", a * 100.0)))]);
        }
    }
    out + "."
}

/// What "Copy link" of the "Author a lesson" panel says.
pub fn lesson_link(chars: usize, copied: bool) -> String {
    if copied {
        fill(t("Copied the lesson's link ({n} characters): it opens the whole lesson in any browser."), &[("n", &chars)])
    } else {
        t("Copy the lesson's link from the box below (the clipboard was not available).").to_string()
    }
}

/// The same for a sequence of lessons.
pub fn sequence_link(chars: usize, copied: bool) -> String {
    if copied {
        fill(t("Copied the sequence's link ({n} characters): it opens its first lesson in any browser."), &[("n", &chars)])
    } else {
        t("Copy the sequence's link from the box below (the clipboard was not available).").to_string()
    }
}

/// Why a lesson file was not opened (`why` names the field: "check[0].at_least: is 7; …").
pub fn lesson_refused(file: &str, why: &str) -> String {
    fill(t("The lesson “{file}” was not opened: {why}."), &[("file", &file), ("why", &why)])
}

/// Why the sequence the browser kept from the last visit was dropped (`why` names the field).
pub fn draft_dropped(why: &str) -> String {
    fill(t("The sequence kept from your last visit could not be read, so the list starts empty: {why}."), &[("why", &why)])
}

/// A convolution layer's caption above its kernels (`m`: its colour scale ±m).
pub fn kernels_caption(layer: usize, n: usize, k: usize, in_c: usize, m: f64) -> String {
    let line = if in_c > 8 {
        t("layer {l}: {n} kernels {k}×{k}×{c}, colour scale ±{m}, first 8 of {c} input channels")
    } else {
        t("layer {l}: {n} kernels {k}×{k}×{c}, colour scale ±{m}")
    };
    fill(line, &[("l", &(layer + 1)), ("n", &n), ("k", &k), ("c", &in_c), ("m", &number_shown(m, 2))])
}

/// The sweep's and the search's axes ("learning rate (log)", "test loss (log)").
pub fn rate_loss_axes() -> crate::render::jobs_chart::Axes<'static> {
    crate::render::jobs_chart::Axes { rate: t("learning rate (log)"), loss: t("test loss (log)") }
}

/// The convolution net's output layer as its architecture editor names it ("dense 10, softmax").
pub fn conv_output(classes: usize) -> String {
    fill(t("dense {n}, softmax"), &[("n", &classes)])
}

/// How well an autoencoder's codes tell the digits apart (the lessons' `codes_separate` check reads the same figure).
pub fn codes_separate(fraction: f64, units: usize) -> String {
    let line = if units == 1 {
        t("Told apart by its 1-unit code alone: {p} % of the images lie nearest their own digit's centre (by chance about 10 %).")
    } else {
        t("Told apart by its {units}-unit code alone: {p} % of the images lie nearest their own digit's centre (by chance about 10 %).")
    };
    fill(line, &[("units", &units), ("p", &(100.0 * fraction).round())])
}

/// The denoising autoencoder's figure: the share of the noise it takes away (`noise`: its σ).
pub fn noise_removed(fraction: f64, noise: f64) -> String {
    fill(
        t("Denoise is on: each input above has noise added (σ = {noise}); the net takes {p} % of the noise away, over all the images (0 %: rebuilt as noisy as it came in)."),
        &[("noise", &num(&noise.to_string())), ("p", &(100.0 * fraction).round())],
    )
}

/// The autoencoder's anomalies: how many of the odd images are among the worst rebuilt.
pub fn odd_found(found: usize, odd: usize, worst: usize) -> String {
    fill(
        t("{found} of the {odd} odd images (inverted digits, never trained on) are among the {worst} rebuilt worst."),
        &[("found", &found), ("odd", &odd), ("worst", &worst)],
    )
}

/// What a picked feature-map cell sees of the input (the convolution lab's receptive field).
pub fn receptive_field(what: &str, row: usize, col: usize, rows: (usize, usize), cols: (usize, usize), field: usize) -> String {
    let (h, w) = (rows.1 - rows.0 + 1, cols.1 - cols.0 + 1);
    let cut = if h < field || w < field { format!(" (the edge of the image cuts its {field}×{field} field)") } else { String::new() };
    format!(
        "{what}, cell row {}, column {} sees input rows {}–{}, columns {}–{}: {h}×{w} pixels{cut}. Its receptive field is {field}×{field}.",
        row + 1,
        col + 1,
        rows.0 + 1,
        rows.1 + 1,
        cols.0 + 1,
        cols.1 + 1
    )
}

/// The feature-map panel's hint until a cell is picked.
pub fn receptive_field_hint() -> String {
    t("Point at or tap a cell of a feature map (or focus the maps and use the arrow keys; Page Up and Down: another layer): the input pixels it sees light up.").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diverged(cause: Cause, weights_kept: bool, layer: Option<Layer>) -> Stop {
        Stop::Diverged { epoch: 12, step: 3, layer, cause, weights_kept, learning_rate: 3.0 }
    }

    #[test]
    fn a_divergence_names_epoch_step_layer_and_the_way_out() {
        let s = stop(&diverged(Cause::Loss, true, Some(Layer { index: 1, output: false })));
        assert!(s.starts_with("The loss overflowed at epoch 12, step 3, in hidden layer 2: the learning rate is too high (3)."), "{s}");
        assert!(s.contains("The last weights whose loss was finite were kept. Lower the learning rate to go on."), "{s}");
        // the recurrent net and the autoencoder: weights within bounds whose loss overflows
        let s = stop(&diverged(Cause::Loss, false, None));
        assert!(s.starts_with("The loss overflowed at epoch 12, step 3: ") && s.ends_with("Lower the learning rate, then Reset."), "{s}");
        let s = stop(&diverged(Cause::WeightBound, true, Some(Layer { index: 2, output: true })));
        assert!(s.contains("past 10,000 (the gradient exploded)") && s.contains("in the output layer"), "{s}");
        assert!(s.ends_with("The weights before that step were kept. Lower the learning rate to go on."), "{s}");
        assert!(stopped(&diverged(Cause::Gradients, true, None)).starts_with("Training stopped. The gradients overflowed"));
    }

    #[test]
    fn a_step_activation_says_gradients_cannot_flow_and_where() {
        let s = stop(&Stop::Stalled {
            epoch: 0,
            layer: Some(Layer { index: 1, output: false }),
            cause: StallCause::StepActivation,
            loss: 0.5,
            zero_weights: false,
        });
        assert!(s.starts_with("Gradients cannot flow through the step activation in hidden layer 2"), "{s}");
    }

    /// Issue 16, item 8: an all-zero start is blamed on the symmetry, not on the step size.
    #[test]
    fn a_stall_from_all_zero_weights_blames_the_initialization() {
        let s = stop(&Stop::Stalled {
            epoch: 9,
            layer: Some(Layer { index: 0, output: false }),
            cause: StallCause::DeadLayer,
            loss: 0.4987,
            zero_weights: true,
        });
        assert!(
            s.contains("stalled at epoch 9") && s.contains("stays at 0.499") && s.contains("hidden layer 1") && s.contains("dead"),
            "{s}"
        );
        assert!(s.contains("every weight into it is 0") && s.contains("symmetry") && s.contains("another initialization"), "{s}");
        assert!(!s.contains("far too large") && !s.contains("smaller learning rate"), "{s}");
    }

    #[test]
    fn a_saturated_output_blames_a_step_far_too_large() {
        let s = stop(&Stop::Stalled {
            epoch: 2,
            layer: Some(Layer { index: 2, output: true }),
            cause: StallCause::Saturated,
            loss: 1.0,
            zero_weights: false,
        });
        assert!(s.contains("output neuron") && s.contains("far too large") && s.contains("smaller learning rate"), "{s}");
    }

    #[test]
    fn an_overshoot_and_a_collapse_say_the_learning_rate_is_too_high() {
        let s = stop(&Stop::Overshoot { epoch: 240, low: 0.5, high: 3e30, best: 0.01 });
        assert!(s.contains("going nowhere at epoch 240") && s.contains("3e30") && s.contains("the learning rate is too high"), "{s}");
        let s = stop(&Stop::Collapsed { epoch: 4, accuracy: 0.1, classes: 10, loss: 2.31, uniform: 10f64.ln(), learning_rate: 0.3 });
        assert!(s.contains("stalled at epoch 4") && s.contains("no better than guessing among 10 classes"), "{s}");
        assert!(s.contains("(ln 10 = 2.30)") && s.contains("learning rate (0.3) is probably too high"), "{s}");
    }

    #[test]
    fn the_plateau_hint_says_where_it_sits_and_offers_a_new_seed() {
        let s = plateau(&Plateau { epochs: 2100, accuracy: 0.5, loss_then: 0.5, loss_now: 0.49 });
        assert!(s.contains("No progress for 2100 epochs") && s.contains("stays at 50 %") && s.contains("New seed"), "{s}");
    }

    #[test]
    fn the_page_words_the_engines_data_as_the_engine_does_in_english() {
        use crate::engine::io::csv_points::{parse, Labels};
        use crate::engine::io::model_file::ModelFile;
        for (text, labels) in [
            ("0,0,0\n1,1,1\n", Labels::Classes),
            ("0,0,2\n", Labels::Classes),
            ("0,0,3\n1,1,0\n", Labels::Classes),
            ("0,0,0.5\n1,1,-0.5\n", Labels::Numbers),
            ("0,0,0.5\n", Labels::Numbers),
        ] {
            let data = parse(text, labels).unwrap().data;
            assert_eq!(found(&data.summary()), data.found(), "{text}");
        }
        for json in [r#"{"format": "x", "version": 1}"#, "[]", r#"{"format": "neuralscope-model"}"#] {
            let Err(crate::engine::io::model_file::ModelFileError::Field { field, fault, message }) = ModelFile::from_json(json) else {
                panic!("{json} refused by a field")
            };
            assert_eq!(model_fault(&field, &fault), message, "{json}");
        }
    }
}
