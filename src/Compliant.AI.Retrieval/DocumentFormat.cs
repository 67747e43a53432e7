namespace Compliant.AI;

/// <summary>The format of a <see cref="SourceDocument"/>'s text, which selects how it is parsed and chunked.</summary>
public enum DocumentFormat
{
    /// <summary>Plain text: chunked by paragraphs and sentences.</summary>
    PlainText = 0,

    /// <summary>Markdown: chunked by heading sections (recording the section path), then paragraphs and sentences.</summary>
    Markdown = 1,

    /// <summary>HTML: the loader extracts the visible text (headings become Markdown-style headings) before chunking.</summary>
    Html = 2,
}
