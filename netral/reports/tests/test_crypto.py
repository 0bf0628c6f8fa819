"""Receipt codes and references: their shape and their randomness."""

from netral.reports import crypto


def test_a_receipt_is_twenty_crockford_characters_in_five_groups():
    receipt = crypto.new_receipt()
    groups = receipt.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4, 4]
    assert all(char in crypto.ALPHABET for char in "".join(groups))
    assert crypto.normalise_receipt(receipt) == "".join(groups)


def test_every_character_can_stand_in_every_place():
    # 2,000 draws leave a character out of a place with a probability far below 1e-20, unless
    # the draw can never give it.
    references = [crypto.new_reference() for _ in range(2000)]
    for place in range(crypto.REFERENCE_LENGTH):
        assert {reference[place] for reference in references} == set(crypto.ALPHABET)
    assert len(set(references)) == len(references)
