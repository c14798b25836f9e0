"""Reading articles: file formats, layout (headline, agency line, dateline, boilerplate),
paragraphs, sentences and the passages that get embedded. Pure text work, no storage."""
