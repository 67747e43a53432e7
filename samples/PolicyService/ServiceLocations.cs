namespace PolicyService;

/// <summary>Resolved folders of the service.</summary>
/// <param name="DataDirectory">The absolute data folder (index, audit ledger, demo audit key, development signing key).</param>
public sealed record ServiceLocations(string DataDirectory);
