import json

from ml.cli import main


def test_train_then_evaluate_from_the_command_line(tmp_path, capsys):
    from tests.ml.builders import world_examples

    data = tmp_path / "world.jsonl"
    data.write_text(
        "".join(
            json.dumps(
                {
                    "article_title": e.comment.article_title,
                    "article_body": e.comment.article_body,
                    "body": e.comment.body,
                    "label": e.label,
                    "thread_id": e.group,
                }
            )
            + "\n"
            for e in world_examples()
        )
    )
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m"), "--no-seed"]) == 0
    assert (tmp_path / "m" / "metadata.json").is_file()
    assert main(["evaluate", "--model", str(tmp_path / "m"), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "spam: ROC-AUC" in out and "drift: ROC-AUC" in out and "precision >= 0.95" in out


def test_train_with_a_bad_file_exits_non_zero_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"body": "x", "label": "ham"}\n{oops\n')
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m")]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
