"""The `translator` command and `python -m translator`: start the CLI, and leave quietly (exit
130, no traceback) when Ctrl-C comes while it is still starting up."""

import sys


def run() -> None:
    try:
        from translator.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("translator: interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
