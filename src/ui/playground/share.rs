//! Short links: only the settings that differ from the defaults.

use super::state::{Settings, TABLE};
use crate::engine::data::DataKind;
use crate::ui::url;

/// The hash body of a link to `s`: the pairs of [`Settings::to_hash`] whose
/// value differs from the defaults'. Custom points cannot travel in a link:
/// then the data is left out (the link opens the default data) and the flag
/// is true.
pub fn short_hash(s: &Settings) -> (String, bool) {
    let custom = s.cfg.data.kind == DataKind::Custom;
    let pairs = TABLE.changed(s, &TABLE.written(&Settings::default()));
    (url::join_pairs(pairs.into_iter().filter(|(k, _)| !(custom && *k == "data"))), custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::data::features::Feature;
    use crate::engine::math::activation::Activation;
    use crate::engine::math::optimizer::OptimizerKind;

    #[test]
    fn the_defaults_make_an_empty_link_and_each_change_adds_only_its_key() {
        assert_eq!(short_hash(&Settings::default()), (String::new(), false));
        let mut s = Settings::default();
        s.cfg.data.kind = DataKind::Spiral;
        s.cfg.learning_rate = 0.1;
        assert_eq!(short_hash(&s).0, "data=Spiral&lr=0.1");
    }

    #[test]
    fn a_short_link_opens_the_same_settings() {
        let mut s = Settings::default();
        s.cfg.data.kind = DataKind::TwoMoons;
        s.cfg.features = vec![Feature::X1, Feature::X2, Feature::SinX1];
        s.cfg.hidden = vec![s.cfg.hidden[0]; 3];
        s.cfg.hidden[1].neurons = 7;
        s.cfg.hidden.iter_mut().for_each(|h| h.activation = Activation::Relu);
        s.cfg.optimizer.kind = OptimizerKind::Adam;
        s.show_test = true;
        let (hash, custom) = short_hash(&s);
        assert!(!custom);
        assert!(hash.len() < s.to_hash().len() / 2, "{hash}");
        let (back, bad) = Settings::from_hash(&hash);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(back, s);
        // more layers with the default activations: "acts" left out, still the same
        let mut t = Settings::default();
        t.cfg.hidden = vec![t.cfg.hidden[0]; 4];
        let (hash, _) = short_hash(&t);
        assert_eq!(Settings::from_hash(&hash).0, t, "{hash}");
    }

    #[test]
    fn custom_points_are_left_out_and_said_so() {
        let mut s = Settings::default();
        s.cfg.data.kind = DataKind::Custom;
        s.cfg.learning_rate = 0.3;
        let (hash, custom) = short_hash(&s);
        assert!(custom);
        assert!(!hash.contains("data="), "{hash}");
    }
}
