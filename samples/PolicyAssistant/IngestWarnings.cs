namespace PolicyAssistant;

/// <summary>The one-line warnings ingest prints.</summary>
public static class IngestWarnings
{
    public static string NoAccessRules(int withoutAcl, int documents) =>
        $"policy-assistant: warning: {withoutAcl} of {documents} documents declare no access rules (front matter 'acl:' or <meta name=\"acl\">), " +
        "so nobody may read them and every question about them is refused. Re-run ingest with --default-acl '*' (everyone) or --default-acl GROUP.";
}
