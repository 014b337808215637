//! A trial is reproducible from its seed: run twice, the same replies (bar the
//! wall time), bit for bit; another seed gives another run.

use neuralscope_engine::data::DataKind;
use neuralscope_engine::dense::config::TrainConfig;
use neuralscope_jobs::plan::{search, SearchMode};
use neuralscope_jobs::protocol::{run, run_json, Reply, Request, Trial};

fn replies(req: &Request) -> Vec<Reply> {
    let mut out = Vec::new();
    run(req, &|| 0.0, &mut |r| out.push(r));
    out
}

fn spiral() -> TrainConfig {
    let mut cfg = TrainConfig::default();
    cfg.data.kind = DataKind::Spiral;
    cfg
}

#[test]
fn the_same_trial_with_the_same_seed_gives_the_same_result_twice() {
    let t = Trial { id: 3, cfg: spiral(), epochs: 40, report_every: 5 };
    let (a, b) = (replies(&Request::Train(t.clone())), replies(&Request::Train(t.clone())));
    assert_eq!(a.len(), 40 / 5 + 1, "eight progress reports and the result: {a:?}");
    assert_eq!(a, b);
    let Some(Reply::Done(r)) = a.last() else { panic!("the last reply is the result: {a:?}") };
    assert_eq!((r.id, r.last.epoch, r.diverged), (3, 40, None));
    assert!(r.best_loss <= r.last.test_loss.unwrap());
    // it trained: the loss moved from the initial weights'
    let Some(Reply::Progress { test_loss: Some(first), .. }) = a.first() else { panic!() };
    assert_ne!(*first, r.last.test_loss.unwrap());
    // another seed, another start
    let other = replies(&Request::Train(Trial { cfg: TrainConfig { seed: 2, ..t.cfg.clone() }, ..t }));
    assert_ne!(a, other);
}

#[test]
fn a_search_trial_is_reproducible_through_json_too() {
    let (_, t) = search(&spiral(), SearchMode::Random, 3, 20, 5).remove(2);
    let msg = serde_json::to_string(&Request::Train(t)).unwrap();
    let run_once = || {
        let mut out = Vec::new();
        run_json(&msg, &|| 0.0, &mut |s| out.push(s));
        out
    };
    let (a, b) = (run_once(), run_once());
    assert_eq!(a, b);
    let last: Reply = serde_json::from_str(a.last().unwrap()).unwrap();
    assert!(matches!(last, Reply::Done(_)), "{last:?}");
}

#[test]
fn bad_messages_and_bad_configurations_get_a_message_not_a_panic() {
    let mut out = Vec::new();
    run_json("{\"Train\": 12}", &|| 0.0, &mut |s| out.push(s));
    run_json("not json", &|| 0.0, &mut |s| out.push(s));
    assert_eq!(out.len(), 2);
    for s in &out {
        let r: Reply = serde_json::from_str(s).unwrap();
        assert!(matches!(&r, Reply::Failed { id: 0, message, .. } if message.contains("could not read")), "{r:?}");
    }
    let cfg = TrainConfig { learning_rate: -1.0, ..TrainConfig::default() };
    let r = replies(&Request::Train(Trial { id: 9, cfg, epochs: 5, report_every: 1 }));
    assert!(matches!(&r[..], [Reply::Failed { id: 9, message, .. }] if message.contains("learning_rate")), "{r:?}");
    // an absurd budget is cut, not obeyed
    let r = replies(&Request::Train(Trial { id: 1, cfg: TrainConfig::default(), epochs: 3, report_every: 0 }));
    assert_eq!(r.len(), 4);
}

#[test]
fn the_baselines_job_fits_the_same_models_as_the_page_would_and_names_bad_input() {
    use baselines::{fit_all, BaselineInput};
    use neuralscope_engine::data::features::Feature;
    use neuralscope_engine::data::DataConfig;
    use neuralscope_engine::math::loss::Loss;
    let d = DataConfig { kind: DataKind::Spiral, n_points: 200, ..Default::default() }.generate();
    let input = BaselineInput {
        train: d.train,
        test: d.test,
        task: d.task,
        features: vec![Feature::X1, Feature::X2],
        loss: Loss::Mse,
        extent: d.extent,
        grid: 20,
        seed: 3,
    };
    // through JSON, as the worker serves it
    let msg = serde_json::to_string(&Request::Baselines { id: 9, input: input.clone() }).unwrap();
    let mut out = Vec::new();
    run_json(&msg, &|| 0.0, &mut |r| out.push(serde_json::from_str::<Reply>(&r).unwrap()));
    let [Reply::Baselines { id: 9, report }] = out.as_slice() else { panic!("one Baselines reply: {out:?}") };
    assert_eq!(*report, fit_all(&input, &|| 0.0).unwrap());
    assert!(report.models.len() >= 4);
    // no points: a Failed reply with the reason, never a panic
    let bad = Request::Baselines { id: 4, input: BaselineInput { train: Vec::new(), ..input } };
    let Some(Reply::Failed { id: 4, message, .. }) = replies(&bad).pop() else { panic!() };
    assert!(!message.is_empty());
}

#[test]
fn the_bench_job_measures_every_case_and_reports_it_through_json() {
    let start = std::time::Instant::now();
    let clock = move || start.elapsed().as_secs_f64() * 1000.0;
    // runs 0 is taken as 1 (a median needs a run)
    let msg = serde_json::to_string(&Request::Bench { id: 5, runs: 0 }).unwrap();
    let mut out = Vec::new();
    run_json(&msg, &clock, &mut |r| out.push(serde_json::from_str::<Reply>(&r).unwrap()));
    let [Reply::Bench { id: 5, report }] = out.as_slice() else { panic!("one Bench reply: {out:?}") };
    for (name, case) in
        [("xor", report.xor), ("spiral", report.spiral), ("train", report.spiral_train_only), ("f64", report.spiral_train_only_f64)]
    {
        assert!(case.epochs > 0 && case.epochs_per_sec.is_finite() && case.epochs_per_sec > 0.0, "{name}: {case:?}");
    }
    assert!(report.grid.median_ms > 0.0 && report.grid.median_ms.is_finite(), "{:?}", report.grid);
}

#[test]
fn every_request_ends_with_exactly_one_final_reply() {
    // the pool frees a worker on a final reply: a trial's progress is not one, its result is
    let out = replies(&Request::Train(Trial { id: 1, cfg: spiral(), epochs: 20, report_every: 5 }));
    assert!(out.len() > 1);
    assert_eq!(out.iter().filter(|r| r.ends_request()).count(), 1);
    assert!(out.last().unwrap().ends_request());
    assert!(!Reply::Ready.ends_request());
}
