"""nlp.ut_crf must reproduce underthesea.ner exactly (same features, same models), only faster."""

from __future__ import annotations

import random

import pytest

from nlp.ut_crf import _Featurizer, _models, ner

SENTENCES = [
    "Ông Putin ca ngợi những thành tựu vĩ đại của Liên Xô",
    "Chủ tịch UBND tỉnh Phú Thọ Nguyễn Văn Hưng thăm xã Tam Nông.",
    "Sáng 3/12, Công ty TNHH Hóa chất Sông Thao (Lâm Thao) bị xử phạt 120 triệu đồng.",
    "BS.CKII Trần Văn A, Bệnh viện Bạch Mai, cho biết: \"COVID-19 vẫn là mối lo\".",
    "Hà Nội",
    "x",
    "Mỹ và Trung Quốc  đàm phán tại Geneva (Thụy Sĩ) về thuế quan; IMF, WB theo dõi.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_output_as_underthesea(sentence: str) -> None:
    from underthesea import ner as ut_ner

    assert ner(sentence) == ut_ner(sentence)


def test_features_equal_underthesea_transformer_on_random_rows() -> None:
    """Every template of the three models, on sentences of 1-9 tokens (BOS/EOS edges, bigrams)."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    _models()
    rng = random.Random(19)
    words = ["Hà Nội", "xã", "Tam Nông", "UBND", "2025", "nói", ",", "Ông", "a  b", "ĐỨC"]
    for pred, ncol in ((CRFPOSTagPredictor, 2), (CRFChunkingPredictor, 3), (CRFNERPredictor, 4)):
        tr = pred.Instance().transformer
        fast = _Featurizer(tr.template)
        for n in range(1, 10):
            sent = [tuple([rng.choice(words)] + [rng.choice(["N", "Np", "V"]) for _ in range(ncol - 2)] + ["X"])
                    for _ in range(n)]
            assert fast(sent) == tr.sentence2features(sent)


def test_empty_sentence() -> None:
    assert ner("") == []
