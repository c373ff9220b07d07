"""The packet hands WeasyPrint no element marked `hidden` (report/packet.py without_hidden):
print.css never shows one, and they were most of the packet's markup."""

import pytest

from tdceu_analysis.report.packet import without_hidden


@pytest.mark.parametrize(
    ("page", "printed"),
    [
        # a picker's other scopes go, with everything inside them
        (
            '<div data-tdceu-scope="A">A <div class="tile">1</div></div>'
            '<div data-tdceu-scope="B" hidden=""><div class="tile">2</div><div>x</div></div>end',
            '<div data-tdceu-scope="A">A <div class="tile">1</div></div>end',
        ),
        # ledger rows of other directors; the shown rows stay in order
        (
            "<table><tr><td>1</td></tr><tr hidden><td>2</td></tr><tr><td>3</td></tr></table>",
            "<table><tr><td>1</td></tr><tr><td>3</td></tr></table>",
        ),
        # nested elements of the same name end at their own depth
        (
            "<div hidden><div><div>a</div></div><p>b</p></div><div>c</div>",
            "<div>c</div>",
        ),
        # the word in a value or in text is not the attribute
        (
            '<p title="shown, not hidden">hidden words</p><img alt="x" hidden><b>k</b>',
            '<p title="shown, not hidden">hidden words</p><b>k</b>',
        ),
        ("<p>nothing hidden</p>", "<p>nothing hidden</p>"),
    ],
)
def test_hidden_elements_are_left_out_whole(page: str, printed: str) -> None:
    assert without_hidden(page) == printed


def test_an_unclosed_hidden_element_is_an_error_not_a_cut_page() -> None:
    with pytest.raises(RuntimeError, match="never ends"):
        without_hidden("<div hidden><div>a</div>")
