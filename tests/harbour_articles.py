"""Short articles written for the presentation and follow-up tests: a mayor (Ana Ruiz), a
harbour master (Tom Okafor) and a councillor (Martin Vale), over three dates."""

from pathlib import Path

ARTICLES = {
    "pier-1.txt": """Mayor presses harbour board on ferry pier

Published 1 March 2005

Mayor Ana Ruiz urged the harbour board to reopen the ferry pier before the summer.

Ruiz told local traders that the market would stay open during the works.

Harbour master Tom Okafor said the pier needed new pilings.
""",
    "pier-2.txt": """Ferry pier repairs delayed again

Published 8 March 2005

Ana Ruiz said the delay on the ferry pier was unacceptable.

Tom Okafor warned that the repairs could take a year.
""",
    "tax.txt": """Council tax to rise in spring

Published 15 March 2005

Ana Ruiz said council tax would rise by two per cent in April. "Families will understand," she added.

Councillor Martin Vale said the council tax rise was too steep for pensioners. "This is a tax on the old," he said.
""",
}


def harbour_folder(where: Path) -> Path:
    """The articles as files in ``where``/harbour, ready to ingest."""
    folder = where / "harbour"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
