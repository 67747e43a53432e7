using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Cli.Evaluation;

/// <summary>
/// The pipeline <c>compliant eval</c> measures: the production composition (<c>AddCompliantAI()</c> with auditing, PII
/// detection and redaction, grounding, in-memory retrieval, structured output, versioned prompts from <c>Compliant:Prompts</c>, the prompt-injection detector; <c>UseCompliance()</c>), bound from the
/// user's configuration (<c>appsettings.json</c>) exactly as a host binds it, over the embedded defaults (the offline
/// extractive model, in-memory BM25) where nothing else is configured. Audit records go to memory, never to the user's ledger.
/// </summary>
internal sealed class EvalPipeline(IConfiguration configuration, string? cacheDirectory, bool refresh)
{
    /// <summary>Builds the services for one dataset and loads its corpus (a BEIR corpus or a folder of documents) into the index.</summary>
    public async ValueTask<IServiceProvider> CreateAsync(EvaluationDatasetSpec spec, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(spec.ConfigPath is null ? configuration : LoadConfiguration(spec.ConfigPath));
        services.AddLogging();
        services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(AuditKey.FromBase64("compliant-eval", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))
            .AddInMemoryAuditSink()
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding()
            .AddInMemoryRetrieval()
            .AddStructuredOutput()
            .AddPromptVersions()
            .AddPromptInjectionDetection();
        services.AddChatClient(_ => new ExtractiveChatClient())
            .UseCompliance(inner =>
            {
                if (cacheDirectory is not null)
                {
                    // Innermost, inside redaction: keys and stored answers are computed from redacted traffic only.
                    inner.Use(provider => new EvaluationResponseCacheChatClient(provider, cacheDirectory, refresh, salt: ExtractiveChatClient.ProviderName + "/" + ExtractiveChatClient.ModelId));
                }
            });
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            IReadOnlyList<SourceDocument> documents = spec.Kind switch
            {
                EvaluationDatasetKind.Retrieval => ReadBeir(Path.Combine(spec.Path, "corpus.jsonl"), spec.Name),
                EvaluationDatasetKind.GroundedQa when spec.Corpus is not null => await ReadCorpusAsync(spec, cancellationToken).ConfigureAwait(false),
                _ => [],
            };
            if (documents.Count > 0)
            {
                IngestionResult result = await provider.GetRequiredService<DocumentIngestor>().IngestAsync(documents, cancellationToken: cancellationToken).ConfigureAwait(false);
                result.ThrowIfFailed();
            }

            return provider;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static List<SourceDocument> ReadBeir(string file, string dataset) =>
        [.. Compliant.AI.Evaluation.Internal.DatasetReader.ReadBeirCorpus(file, dataset).Select(d => new SourceDocument(d.Id, d.Text) { Title = d.Title, AllowedPrincipals = [PrincipalNames.Everyone] })];

    private static async Task<IReadOnlyList<SourceDocument>> ReadCorpusAsync(EvaluationDatasetSpec spec, CancellationToken cancellationToken)
    {
        if (File.Exists(spec.Corpus))
        {
            return ReadBeir(spec.Corpus, spec.Name);
        }

        var documents = new List<SourceDocument>();
        foreach (string path in Directory.EnumerateFiles(spec.Corpus!, "*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            documents.Add(await DocumentLoader.LoadFileAsync(path, defaultAllowedPrincipals: [PrincipalNames.Everyone], cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        if (documents.Count == 0)
        {
            throw new EvaluationSuiteException($"dataset '{spec.Name}': the corpus folder has no .md, .txt or .html files");
        }

        return documents;
    }

    /// <summary>Reads the user's configuration: the given file, else <c>appsettings.json</c> in the current folder when present, plus environment variables.</summary>
    public static IConfiguration LoadConfiguration(string? path)
    {
        var builder = new ConfigurationBuilder();
        string? file = path ?? (File.Exists("appsettings.json") ? Path.GetFullPath("appsettings.json") : null);
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new EvaluationSuiteException($"the configuration file '{file}' does not exist");
            }

            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        return builder.AddEnvironmentVariables().Build();
    }
}
