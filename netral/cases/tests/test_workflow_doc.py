from pathlib import Path

from netral.cases import workflow_doc

DOC = Path(__file__).resolve().parents[3] / "docs" / "workflow.md"


def test_docs_workflow_md_is_generated_from_the_code():
    """Regenerate with: netral cases-workflow-doc > docs/workflow.md"""
    assert DOC.read_text(encoding="utf-8") == workflow_doc.render()


def test_the_generated_document_lists_every_transition():
    text = workflow_doc.render()
    assert "`recommend_sanction`" in text
    assert "ppk.follow_up" in text
    assert "KASN" in text
