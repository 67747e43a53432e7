using System.ClientModel;
using System.Runtime.CompilerServices;
using Compliant.AI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PolicyAssistant;

/// <summary>Creates the inner chat client from <see cref="AssistantSettings.Provider"/>.</summary>
public static class ModelFactory
{
    /// <param name="settings">The assistant's settings.</param>
    /// <param name="embeddings">
    /// With hybrid retrieval, the embedding generator the retriever uses: the offline extractive model then also weighs
    /// each sentence's similarity to the question (docs/grounding.md, "Semantic sentence choice"); other providers ignore it.
    /// </param>
    public static IChatClient Create(AssistantSettings settings, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
    {
        switch ((settings.Provider ?? string.Empty).Trim().ToUpperInvariant())
        {
            case "EXTRACTIVE":
                return new ExtractiveChatClient(embeddingGenerator: embeddings);

            case "OPENAI":
            case "AZUREOPENAI":
                string? key = string.IsNullOrWhiteSpace(settings.ApiKeyEnvironmentVariable) ? null : Environment.GetEnvironmentVariable(settings.ApiKeyEnvironmentVariable);
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new AssistantConfigurationException($"{settings.Provider} needs an API key in the environment variable {settings.ApiKeyEnvironmentVariable}.");
                }

                return CreateOpenAI(settings, key);

            case "OLLAMA":
                return CreateOllama(settings);

            default:
                throw new AssistantConfigurationException($"Unknown PolicyAssistant:Provider '{settings.Provider}'. Use Extractive, OpenAI, AzureOpenAI or Ollama.");
        }
    }

    // The providers' assemblies (OpenAI, System.ClientModel, OllamaSharp, ...) load only when the provider is chosen:
    // these methods are compiled, and their types resolved, on first call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IChatClient CreateOpenAI(AssistantSettings settings, string key)
    {
        var options = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            // Azure OpenAI's v1 API and other OpenAI-compatible servers take the OpenAI client with their base URL.
            options.Endpoint = EndpointUri(settings);
        }
        else if (string.Equals(settings.Provider?.Trim(), "AzureOpenAI", StringComparison.OrdinalIgnoreCase))
        {
            throw new AssistantConfigurationException("AzureOpenAI needs PolicyAssistant:Endpoint, e.g. https://RESOURCE.openai.azure.com/openai/v1/.");
        }

        return new OpenAIClient(new ApiKeyCredential(key), options)
            .GetChatClient(string.IsNullOrWhiteSpace(settings.Model) ? "gpt-4o-mini" : settings.Model)
            .AsIChatClient();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface type keeps the concrete type's assembly from loading until the method runs.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IChatClient CreateOllama(AssistantSettings settings) =>
        new OllamaSharp.OllamaApiClient(
            string.IsNullOrWhiteSpace(settings.Endpoint) ? new Uri("http://localhost:11434") : EndpointUri(settings),
            string.IsNullOrWhiteSpace(settings.Model) ? "llama3.2" : settings.Model);

    private static Uri EndpointUri(AssistantSettings settings) =>
        Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new AssistantConfigurationException($"PolicyAssistant:Endpoint '{settings.Endpoint}' is not an http(s) URL.");
}
