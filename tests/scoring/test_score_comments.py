"""`manage.py score_comments`: the contract the judging script and operators rely on."""

import json

import pytest
from django.core.management import CommandError, call_command

import ml
from scoring import live_model, registry
from tests.ml.builders import BATTERY_BODY, BATTERY_TITLE, OFF_TOPIC, ON_TOPIC_BATTERY, SPAM, small_model


@pytest.fixture(scope="module")
def trained():
    return small_model()


@pytest.fixture
def model_dir(trained, tmp_path):
    return ml.save_model(trained, tmp_path / "model")


def input_file(tmp_path, bodies, **extra):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"c{i}",
                    "article_title": BATTERY_TITLE,
                    "article_body": BATTERY_BODY,
                    "body": body,
                    **extra,
                }
            )
            + "\n"
            for i, body in enumerate(bodies)
        )
    )
    return path


def read_output(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_each_input_line_gets_one_output_line_in_order(model_dir, tmp_path):
    source = input_file(tmp_path, [ON_TOPIC_BATTERY[0], OFF_TOPIC[0], SPAM[0]])
    call_command(
        "score_comments", input=str(source), output=str(tmp_path / "out.jsonl"), model=str(model_dir)
    )
    rows = read_output(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == ["c0", "c1", "c2"]
    assert set(rows[0]) == {"id", "spam_score", "drift_score", "spam", "off_topic", "flagged", "reasons"}
    assert rows[0]["drift_score"] < rows[1]["drift_score"]
    assert rows[2]["spam"] and rows[2]["flagged"]
    assert all(r["flagged"] == (r["spam"] or r["off_topic"]) for r in rows)


def test_malformed_line_names_its_number_and_writes_no_output(model_dir, tmp_path):
    source = input_file(tmp_path, [ON_TOPIC_BATTERY[0]])
    source.write_text(source.read_text() + '{"id": "x", "article_title": "t"}\n')
    with pytest.raises(CommandError, match="line 2: 'body'"):
        call_command(
            "score_comments", input=str(source), output=str(tmp_path / "out.jsonl"), model=str(model_dir)
        )
    assert not (tmp_path / "out.jsonl").exists()
    assert list(tmp_path.glob(".out.jsonl*")) == []


def test_invalid_json_and_missing_id_are_rejected(model_dir, tmp_path):
    source = tmp_path / "in.jsonl"
    for content, message in (("not json\n", "line 1: not valid JSON"), ('{"body": "hi"}\n', "line 1: 'id'")):
        source.write_text(content)
        with pytest.raises(CommandError, match=message):
            call_command(
                "score_comments", input=str(source), output=str(tmp_path / "o.jsonl"), model=str(model_dir)
            )


def test_failed_run_leaves_an_earlier_output_untouched(model_dir, tmp_path):
    output = tmp_path / "out.jsonl"
    output.write_text("earlier\n")
    source = tmp_path / "in.jsonl"
    source.write_text("[1, 2]\n")
    with pytest.raises(CommandError, match="line 1: expected a JSON object"):
        call_command("score_comments", input=str(source), output=str(output), model=str(model_dir))
    assert output.read_text() == "earlier\n"


def test_tampered_model_is_refused_with_a_clear_error(model_dir, tmp_path):
    (model_dir / "model.joblib").write_bytes(b"not a model")
    with pytest.raises(CommandError, match="SHA-256"):
        call_command(
            "score_comments",
            input=str(input_file(tmp_path, ["hi"])),
            output=str(tmp_path / "out.jsonl"),
            model=str(model_dir),
        )


def test_without_a_model_directory_the_live_registry_model_scores(db, models_home, model_dir, tmp_path):
    first = registry.register(model_dir)
    registry.promote(first.pk, None)
    retrained = small_model()
    retrained.metadata["version"] = "second"
    second = registry.register(ml.save_model(retrained, tmp_path / "second"))
    registry.promote(second.pk, None)
    assert live_model.get_active_model().version == "second"
    call_command(
        "score_comments", input=str(input_file(tmp_path, [OFF_TOPIC[0]])), output=str(tmp_path / "o.jsonl")
    )
    assert len(read_output(tmp_path / "o.jsonl")) == 1


@pytest.mark.parametrize("content, message", [(b"", "the file is empty"), (b"\n \n", "the file is empty"),
                                              (b"\x00\x01binary\xff", "binary file")])
def test_empty_or_binary_input_is_a_clear_error_with_a_non_zero_exit(tmp_path, model_dir, content, message):
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("score_comments", "--input", str(path), "--output", str(tmp_path / "out.jsonl"),
                     "--model", str(model_dir))
    assert not (tmp_path / "out.jsonl").exists()


def test_long_input_is_scored_in_chunks_in_input_order(trained, tmp_path, monkeypatch):
    from ml import stream

    source = input_file(tmp_path, [ON_TOPIC_BATTERY[i % 4] for i in range(7)] + [SPAM[0]])
    batches = []
    score = trained.score

    def counting(comments, *args):
        batches.append(len(comments))
        return score(comments)

    monkeypatch.setattr(trained, "score", counting)

    stream.score_file(trained, source, tmp_path / "out.jsonl", chunk_lines=3)

    rows = read_output(tmp_path / "out.jsonl")
    assert batches == [3, 3, 2]
    assert [r["id"] for r in rows] == [f"c{i}" for i in range(8)]
    assert rows[-1]["spam"] and not rows[0]["spam"]


def test_bad_line_after_the_first_chunk_writes_no_output(model_dir, tmp_path):
    source = input_file(tmp_path, [ON_TOPIC_BATTERY[0]] * 5)
    source.write_text(source.read_text().replace('"id": "c4"', '"id": "c0"'))
    with pytest.raises(CommandError, match="line 5: duplicate id 'c0'"):
        call_command(
            "score_comments", input=str(source), output=str(tmp_path / "out.jsonl"), model=str(model_dir)
        )
    assert not (tmp_path / "out.jsonl").exists() and list(tmp_path.glob(".out.jsonl*")) == []
