namespace PolicyAssistant;

/// <summary>A configuration problem the user can fix (missing key, unknown provider); printed as one line.</summary>
public sealed class AssistantConfigurationException(string message) : Exception(message);
