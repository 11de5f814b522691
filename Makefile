.PHONY: run test ci bench

run:
	./scripts/run

test:
	./scripts/test

ci:
	./.ci/run

bench:
	.venv/bin/python bench/thread_page.py
