using System.ClientModel;
using Compliant.AI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PolicyAssistant;

/// <summary>Creates the inner chat client from <see cref="AssistantSettings.Provider"/>.</summary>
public static class ModelFactory
{
    public static IChatClient Create(AssistantSettings settings)
    {
        switch (settings.Provider.ToUpperInvariant())
        {
            case "EXTRACTIVE":
                return new ExtractiveChatClient();

            case "OPENAI":
            case "AZUREOPENAI":
                string key = Environment.GetEnvironmentVariable(settings.ApiKeyEnvironmentVariable)
                    ?? throw new AssistantConfigurationException($"{settings.Provider} needs an API key in the environment variable {settings.ApiKeyEnvironmentVariable}.");
                var options = new OpenAIClientOptions();
                if (!string.IsNullOrWhiteSpace(settings.Endpoint))
                {
                    // Azure OpenAI's v1 API and other OpenAI-compatible servers take the OpenAI client with their base URL.
                    options.Endpoint = new Uri(settings.Endpoint);
                }
                else if (settings.Provider.Equals("AzureOpenAI", StringComparison.OrdinalIgnoreCase))
                {
                    throw new AssistantConfigurationException("AzureOpenAI needs PolicyAssistant:Endpoint, e.g. https://RESOURCE.openai.azure.com/openai/v1/.");
                }

                return new OpenAIClient(new ApiKeyCredential(key), options)
                    .GetChatClient(string.IsNullOrWhiteSpace(settings.Model) ? "gpt-4o-mini" : settings.Model)
                    .AsIChatClient();

            case "OLLAMA":
                return new OllamaSharp.OllamaApiClient(
                    new Uri(string.IsNullOrWhiteSpace(settings.Endpoint) ? "http://localhost:11434" : settings.Endpoint),
                    string.IsNullOrWhiteSpace(settings.Model) ? "llama3.2" : settings.Model);

            default:
                throw new AssistantConfigurationException($"Unknown PolicyAssistant:Provider '{settings.Provider}'. Use Extractive, OpenAI, AzureOpenAI or Ollama.");
        }
    }
}
