namespace Compliant.AI;

/// <summary>The signal names the default detector reports; custom detectors may add their own.</summary>
public static class PromptInjectionSignals
{
    /// <summary>An instruction to ignore, forget or override earlier instructions.</summary>
    public const string InstructionOverride = "instruction_override";

    /// <summary>An attempt to make the model adopt another persona or an unrestricted mode.</summary>
    public const string RolePlay = "role_play";

    /// <summary>Text that poses as a system or developer message, or asks for the system prompt.</summary>
    public const string SystemPrompt = "system_prompt";

    /// <summary>Chat-template tokens, fake message headers or fake end-of-context delimiters.</summary>
    public const string DelimiterInjection = "delimiter_injection";

    /// <summary>An exfiltration pattern such as a markdown image whose address carries a query string.</summary>
    public const string Exfiltration = "exfiltration";

    /// <summary>Text addressed to the model that tells it how to shape or extend its answer (indirect injection).</summary>
    public const string AnswerManipulation = "answer_manipulation";

    /// <summary>
    /// Refusal suppression: text that forbids the model to refuse, to say it does not know, or to give the "cannot answer"
    /// reply ("you are supposed to answer at all times", "never say you can't").
    /// </summary>
    public const string RefusalSuppression = "refusal_suppression";

    /// <summary>
    /// A request addressed to the reader inside a document or tool result that has nothing to do with the text around it
    /// (an out-of-context task planted for the assistant to perform, such as "write a script to …" in an e-mail).
    /// </summary>
    public const string TaskInsertion = "task_insertion";

    /// <summary>The statistical model's score reached the operating point on its own.</summary>
    public const string Model = "model";

    /// <summary>A signal fired only after Unicode folding (invisible characters, look-alike letters, full-width forms).</summary>
    public const string Obfuscated = "obfuscated_unicode";

    /// <summary>A signal fired inside a base64 payload.</summary>
    public const string EncodedBase64 = "encoded_base64";

    /// <summary>A signal fired inside a hexadecimal payload.</summary>
    public const string EncodedHex = "encoded_hex";

    /// <summary>A signal fired inside a URL-encoded (percent-encoded) payload.</summary>
    public const string EncodedUrl = "encoded_url";

    /// <summary>A signal fired only after leetspeak was undone (<c>1gn0r3</c>).</summary>
    public const string Leetspeak = "leetspeak";

    /// <summary>A signal fired only after spaced-out letters were joined (<c>i g n o r e</c>).</summary>
    public const string Spacing = "spacing";
}
