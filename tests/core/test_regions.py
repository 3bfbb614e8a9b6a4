from bodyscan.core import regions


def test_twenty_five_regions_as_specified() -> None:
    assert len(regions.REGION_IDS) == 25
    assert len(set(regions.REGION_IDS)) == 25
    assert regions.REGION_IDS[:3] == ("head", "face", "jaw")
    assert "left-lower-leg" in regions.REGION_IDS and "right-foot" in regions.REGION_IDS


def test_labels_are_from_the_users_point_of_view() -> None:
    assert regions.REGIONS_BY_ID["left-hand"].label == "your left hand"
    assert all(r.label.startswith("your ") for r in regions.REGIONS)


def test_groups() -> None:
    assert regions.GROUPS["feet"] == ("left-foot", "right-foot")
    assert set(regions.GROUPS["arms"]) == {
        "left-upper-arm",
        "right-upper-arm",
        "left-forearm",
        "right-forearm",
        "left-hand",
        "right-hand",
    }
    assert set(regions.GROUPS["legs"]) == {
        "left-thigh",
        "right-thigh",
        "left-lower-leg",
        "right-lower-leg",
        "left-foot",
        "right-foot",
    }
    assert set(regions.GROUPS["belly"]) == {"upper-belly", "lower-belly"}
    assert set(regions.GROUPS["back"]) == {"neck", "upper-back", "lower-back"}
    assert set(regions.GROUPS["torso"]) == {
        "chest",
        "upper-belly",
        "lower-belly",
        "neck",
        "upper-back",
        "lower-back",
    }
    assert regions.GROUPS["whole-body"] == regions.REGION_IDS
    assert set(regions.GROUPS) == {
        "feet",
        "hands",
        "arms",
        "legs",
        "shoulders",
        "belly",
        "back",
        "torso",
        "whole-body",
    }
    for members in regions.GROUPS.values():
        assert set(members) <= set(regions.REGION_IDS)


def test_expand_keeps_body_order_without_repeats() -> None:
    assert regions.expand(["feet", "left-foot", "head"]) == ("head", "left-foot", "right-foot")


def test_vocabulary() -> None:
    assert len(regions.QUALITIES) == len(set(regions.QUALITIES)) == 23
    assert {"warm", "pins-and-needles", "numb", "ease", "other"} <= set(regions.QUALITIES)
    assert regions.STRENGTHS == ("faint", "clear", "strong")
    assert regions.TONES == ("pleasant", "neutral", "unpleasant")
    assert set(regions.CHECKIN_ANSWERS) == {"noticed", "nothing", "numb", "not-sure", "prefer-not"}
    assert set(regions.MAP_EXTRAS) == {"whole-body", "unplaced"}
