using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;

namespace IncidentSummarizer;

/// <summary>Creates a provider's chat client from <see cref="IncidentSettings.Provider"/> (OpenAI, Azure OpenAI, Ollama).</summary>
public static class ModelFactory
{
    public static IChatClient Create(IncidentSettings settings)
    {
        switch ((settings.Provider ?? string.Empty).Trim().ToUpperInvariant())
        {
            case "OPENAI":
            case "AZUREOPENAI":
                string? key = string.IsNullOrWhiteSpace(settings.ApiKeyEnvironmentVariable) ? null : Environment.GetEnvironmentVariable(settings.ApiKeyEnvironmentVariable);
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new IncidentConfigurationException($"{settings.Provider} needs an API key in the environment variable {settings.ApiKeyEnvironmentVariable}.");
                }

                return CreateOpenAI(settings, key);

            case "OLLAMA":
                return CreateOllama(settings);

            default:
                throw new IncidentConfigurationException($"Unknown IncidentSummarizer:Provider '{settings.Provider}'. Use Local, OpenAI, AzureOpenAI or Ollama.");
        }
    }

    // The providers' assemblies load only when the provider is chosen.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IChatClient CreateOpenAI(IncidentSettings settings, string key)
    {
        var options = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            options.Endpoint = EndpointUri(settings);
        }
        else if (string.Equals(settings.Provider?.Trim(), "AzureOpenAI", StringComparison.OrdinalIgnoreCase))
        {
            throw new IncidentConfigurationException("AzureOpenAI needs IncidentSummarizer:Endpoint, e.g. https://RESOURCE.openai.azure.com/openai/v1/.");
        }

        return new OpenAIClient(new ApiKeyCredential(key), options)
            .GetChatClient(string.IsNullOrWhiteSpace(settings.Model) ? "gpt-4o-mini" : settings.Model)
            .AsIChatClient();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface type keeps the concrete type's assembly from loading until the method runs.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IChatClient CreateOllama(IncidentSettings settings) =>
        new OllamaSharp.OllamaApiClient(
            string.IsNullOrWhiteSpace(settings.Endpoint) ? new Uri("http://localhost:11434") : EndpointUri(settings),
            string.IsNullOrWhiteSpace(settings.Model) ? "llama3.2" : settings.Model);

    private static Uri EndpointUri(IncidentSettings settings) =>
        Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new IncidentConfigurationException($"IncidentSummarizer:Endpoint '{settings.Endpoint}' is not an http(s) URL.");
}
