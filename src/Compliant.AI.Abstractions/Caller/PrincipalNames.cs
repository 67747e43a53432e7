namespace Compliant.AI;

/// <summary>Builds the principal names used in document access-control lists.</summary>
public static class PrincipalNames
{
    /// <summary>The principal every caller, including anonymous ones, acts as.</summary>
    public const string Everyone = "*";

    /// <summary>Returns the principal name of a user: <c>user:{userId}</c>.</summary>
    /// <param name="userId">The user id.</param>
    /// <returns>The principal name.</returns>
    public static string User(string userId) => "user:" + userId;

    /// <summary>Returns the principal name of a group: <c>group:{name}</c>.</summary>
    /// <param name="name">The group name.</param>
    /// <returns>The principal name.</returns>
    public static string Group(string name) => "group:" + name;
}
