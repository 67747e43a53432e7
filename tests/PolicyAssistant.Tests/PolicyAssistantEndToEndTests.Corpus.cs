using System.Text.Json;

namespace PolicyAssistant.Tests;

/// <summary>The main job on the user's own folder: ingest --folder, then ask.</summary>
public sealed partial class PolicyAssistantEndToEndTests
{
    private const string BadgeQuestion = "When must visitor badges be returned to reception?";

    [Fact]
    public async Task Ingest_OwnFolderThenAsk_AnswersFromThatFolderAndSaysSo()
    {
        WriteOwnPolicies();

        (int ingestExit, string ingestOut, string ingestErr) = await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*"]);
        (int exit, JsonElement json, string stderr) = await AskAsync(BadgeQuestion);
        (_, JsonElement again, _) = await AskAsync(BadgeQuestion);

        Assert.True(ingestExit == 0, ingestErr);
        Assert.Contains("Ingested 3 documents", ingestOut, StringComparison.Ordinal);
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("building the policy index", stderr, StringComparison.Ordinal);
        Assert.False(json.GetProperty("refused").GetBoolean(), json.ToString());
        Assert.Contains("48 hours", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("visitors", json.GetProperty("citations")[0].GetProperty("documentId").GetString());
        JsonElement corpus = json.GetProperty("corpus");
        Assert.Equal(Path.GetFullPath(_policies), corpus.GetProperty("folder").GetString());
        Assert.False(corpus.GetProperty("bundled").GetBoolean());
        Assert.Equal(3, corpus.GetProperty("documents").GetInt32());
        Assert.Equal(Path.GetFullPath(_policies), again.GetProperty("corpus").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task Ingest_TextAndHtmlFiles_AreAnsweredFrom()
    {
        WriteOwnPolicies();
        await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*"]);

        (_, JsonElement fromHtml, string stderr) = await AskAsync("How many days notice is needed for remote work abroad?");
        (_, JsonElement fromText, _) = await AskAsync("Where are shredding bins for paper records?");

        Assert.False(fromHtml.GetProperty("refused").GetBoolean(), stderr + fromHtml);
        Assert.Equal("travel", fromHtml.GetProperty("citations")[0].GetProperty("documentId").GetString());
        Assert.False(fromText.GetProperty("refused").GetBoolean(), fromText.ToString());
        Assert.Equal("records", fromText.GetProperty("citations")[0].GetProperty("documentId").GetString());
    }

    [Fact]
    public async Task Ingest_ReadmeAndLicenseFiles_AreSkipped()
    {
        WriteOwnPolicies();

        (int exit, string stdout, string stderr) = await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*"]);
        (_, JsonElement json, _) = await AskAsync("Which licence grants permission to sublicense copies?");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Ingested 3 documents", stdout, StringComparison.Ordinal);
        Assert.Contains("LICENSE.md", stdout, StringComparison.Ordinal);
        Assert.Contains("README.md", stdout, StringComparison.Ordinal);
        Assert.True(json.GetProperty("refused").GetBoolean(), json.ToString());
    }

    [Fact]
    public async Task Ingest_ExcludeGlob_LeavesMatchingFilesOut()
    {
        WriteOwnPolicies();

        (int exit, string stdout, string stderr) = await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*", "--exclude", "drafts/**"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Ingested 2 documents", stdout, StringComparison.Ordinal);
        Assert.Contains("drafts/records.txt", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_DocumentsWithoutAccessRules_WarnsWithCountAndAsksAreRefused()
    {
        WriteOwnPolicies();

        (int exit, _, string stderr) = await RunAsync(["ingest", "--folder", _policies]);
        (_, JsonElement json, _) = await AskAsync(BadgeQuestion);

        Assert.Equal(0, exit);
        Assert.Contains("warning: 3 of 3 documents declare no access rules", stderr, StringComparison.Ordinal);
        Assert.Contains("--default-acl", stderr, StringComparison.Ordinal);
        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.DoesNotContain("48 hours", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_DocumentWithItsOwnAcl_KeepsItAndCountsOnlyTheOthers()
    {
        WriteOwnPolicies();
        File.WriteAllText(Path.Combine(_policies, "visitors.md"), "---\nacl: [group:Facilities]\n---\n" + File.ReadAllText(Path.Combine(_policies, "visitors.md")));

        (_, _, string stderr) = await RunAsync(["ingest", "--folder", _policies]);
        (_, JsonElement denied, _) = await AskAsync(BadgeQuestion);
        (_, JsonElement allowed, string askErr) = await AskAsync(BadgeQuestion, "--groups", "FACILITIES");

        Assert.Contains("warning: 2 of 3 documents", stderr, StringComparison.Ordinal);
        Assert.True(denied.GetProperty("refused").GetBoolean());
        Assert.False(allowed.GetProperty("refused").GetBoolean(), askErr + allowed);
    }

    [Fact]
    public async Task Ingest_DefaultAcl_IsRecordedInTheAuditTrail()
    {
        WriteOwnPolicies();

        (int exit, string stdout, string stderr) = await RunAsync(["ingest", "--folder", _policies, "--default-acl", "Facilities"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("readable by group:facilities", stdout, StringComparison.Ordinal);
        string ledger = string.Concat(Directory.EnumerateFiles(Path.Combine(_data, "audit"), "*.jsonl").Select(File.ReadAllText));
        string ingestLine = ledger.Split('\n').Single(l => l.Contains("policy-assistant.ingest", StringComparison.Ordinal));
        Assert.Contains("group:facilities", ingestLine, StringComparison.Ordinal);
        Assert.Contains("default_acl_applied", ingestLine, StringComparison.Ordinal);
        Assert.DoesNotContain(_policies, ingestLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ChangedFolderAfterIngest_AskRebuildsFromTheSameFolder()
    {
        WriteOwnPolicies();
        await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*"]);
        File.WriteAllText(Path.Combine(_policies, "visitors.md"), "# Visitor Policy\n\n## Badges\n\nVisitor badges must be returned to reception within 72 hours of the visit.\n");

        (_, JsonElement json, string stderr) = await AskAsync(BadgeQuestion);

        Assert.Contains("changed; rebuilding", stderr, StringComparison.Ordinal);
        Assert.Contains("72 hours", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_policies), json.GetProperty("corpus").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task Ask_PolicyFolderFromConfiguration_AnswersFromIt()
    {
        WriteOwnPolicies();
        var environment = new Dictionary<string, string> { ["PolicyAssistant__PolicyFolder"] = _policies, ["PolicyAssistant__DefaultAcl"] = "*" };

        (int exit, string stdout, string stderr) = await RunAsync(["ask", BadgeQuestion, "--json"], environment);

        Assert.True(exit == 0, stderr);
        Assert.Contains("48 hours", stdout, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(_policies), stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_DataDirOption_KeepsIndexAndLedgerThere()
    {
        string other = Path.Combine(_policies, "..", Path.GetFileName(_policies) + "-data");
        try
        {
            (int exit, string stdout, string stderr) = await RunAsync(["ask", "How long must audit logs be retained?", "--data-dir", other, "--json"]);

            Assert.True(exit == 0, stderr);
            Assert.Contains("audit-log-retention", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(other, "index", "corpus.json")));
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(other, "audit"), "*.jsonl"));
        }
        finally
        {
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Ingest_WithoutFolderAfterOwnFolder_GoesBackToTheBundledPolicies()
    {
        WriteOwnPolicies();
        await RunAsync(["ingest", "--folder", _policies, "--default-acl", "*"]);
        await RunAsync(["ingest"]);

        (_, JsonElement json, _) = await AskAsync("How long must audit logs be retained?");

        Assert.True(json.GetProperty("corpus").GetProperty("bundled").GetBoolean());
        Assert.Equal("audit-log-retention", json.GetProperty("citations")[0].GetProperty("documentId").GetString());
    }

    private void WriteOwnPolicies()
    {
        Directory.CreateDirectory(Path.Combine(_policies, "drafts"));
        File.WriteAllText(Path.Combine(_policies, "visitors.md"), """
            # Visitor Policy

            ## Badges

            Visitor badges must be returned to reception within 48 hours of the visit.
            Lost badges are reported to the security desk.
            """);
        File.WriteAllText(Path.Combine(_policies, "travel.html"), """
            <html><head><title>Travel and Remote Work</title></head>
            <body><h1>Travel and Remote Work</h1><h2>Working abroad</h2>
            <p>Remote work abroad needs 30 days notice to the people team.</p></body></html>
            """);
        File.WriteAllText(Path.Combine(_policies, "drafts", "records.txt"), """
            Paper records

            Shredding bins for paper records are on every floor next to the printers.
            """);
        File.WriteAllText(Path.Combine(_policies, "LICENSE.md"), "Permission is hereby granted to sublicense copies of this licence.\n");
        File.WriteAllText(Path.Combine(_policies, "README.md"), "# About this folder\n\nThis licence folder grants permission to sublicense copies.\n");
    }
}
