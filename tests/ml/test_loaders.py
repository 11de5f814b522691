import json

import pytest

import ml
from ml.loaders import load_jsonl, load_paths, load_youtube


def write_lines(path, rows):
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def row(**overrides):
    return {"article_title": "T", "article_body": "Body.", "body": "A comment.", "label": "ham"} | overrides


def test_jsonl_accepts_our_labels_and_the_drift_set_names(tmp_path):
    path = write_lines(
        tmp_path / "a.jsonl",
        [
            row(),
            row(label="on_topic"),
            row(label="drift_same_domain"),
            row(label="spam", article_title="", article_body=""),
        ],
    )
    assert [e.label for e in load_jsonl(path)] == ["ham", "ham", "off_topic", "spam"]


def test_malformed_jsonl_line_is_rejected_with_its_line_number(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [row(), "{not json", row()])
    with pytest.raises(ml.DataError, match=r"a\.jsonl:2: not valid JSON"):
        load_jsonl(path)


def test_unknown_label_is_rejected_with_its_line_number(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [row(), row(), row(label="maybe")])
    with pytest.raises(ml.DataError, match=r":3: label must be one of"):
        load_paths([path])


def test_missing_body_is_rejected(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", [row(body="")])
    with pytest.raises(ml.DataError, match=":1: 'body'"):
        load_jsonl(path)


def test_youtube_csv_is_cleaned_of_html_and_byte_order_marks(tmp_path):
    path = tmp_path / "04-CevxZvSJLk8.csv"
    path.write_text(
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        'a,x,2015,"I&#39;m here<br />again\ufeff",0\n'
        'b,y,2015,"subscribe <a href=""http://spam.example.com"">here</a>\ufeff",1\n',
        encoding="utf-8",
    )
    ham, spam = load_youtube(path)
    assert ham.comment.body == "I'm here\nagain"
    assert "http://spam.example.com" in spam.comment.body and spam.label == "spam"
    assert ham.comment.article_title == "Katy Perry - Roar" and ham.group == path.stem


def test_youtube_csv_with_a_bad_class_names_the_line(tmp_path):
    path = tmp_path / "01-x.csv"
    path.write_text("COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\na,x,d,hello,0\nb,y,d,hi,2\n")
    with pytest.raises(ml.DataError, match=r"01-x\.csv:3: CLASS"):
        load_youtube(path)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ml.DataError, match="no such file"):
        load_paths([tmp_path / "nope.jsonl"])


def test_car_forum_rows_read_their_drift_kind_and_their_parent(tmp_path):
    path = write_lines(
        tmp_path / "forum.jsonl",
        [
            row(id="ma-1", label="ham", parent_id=None, body="Check the ground strap first."),
            row(id="ma-2", label="ham", parent_id="ma-1", body="Cleaned it and the flicker is gone."),
            row(id="ma-3", label="drift", kind="drift_other_domain", body="The playoffs start tonight."),
            row(id="ma-4", label="on_topic", kind="on_topic", body="Sounds like the alternator."),
        ],
    )
    examples = load_jsonl(path)
    assert [(e.label, e.kind) for e in examples] == [
        ("ham", "ham"), ("ham", "ham"), ("off_topic", "drift_other_domain"), ("ham", "on_topic")
    ]
    assert examples[1].comment.parent_body == "Check the ground strap first."
    assert examples[0].comment.parent_body == ""
