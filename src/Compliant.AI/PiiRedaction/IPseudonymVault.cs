namespace Compliant.AI;

/// <summary>Stores the pseudonyms of each scope (a conversation, by default) so placeholders can be restored in answers.</summary>
/// <remarks>
/// <para>
/// Within one scope the same (type, value) always gets the same placeholder and distinct values get distinct ones.
/// A placeholder is only ever resolved within the scope that issued it.
/// </para>
/// <para>Implementations are thread-safe, never put personal data in a key, a log or an exception message, and expire idle scopes.</para>
/// </remarks>
public interface IPseudonymVault
{
    /// <summary>Gets the placeholder of <paramref name="value"/> in <paramref name="scope"/>, issuing a new one when the value is new.</summary>
    /// <param name="scope">The scope id, for example a conversation id.</param>
    /// <param name="entityType">The entity type, for example <c>PERSON</c>.</param>
    /// <param name="value">The personal data.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A placeholder such as <c>&lt;PERSON_1&gt;</c>.</returns>
    ValueTask<string> GetOrAddPseudonymAsync(string scope, string entityType, string value, CancellationToken cancellationToken = default);

    /// <summary>Gets the value behind a placeholder issued in <paramref name="scope"/>.</summary>
    /// <param name="scope">The scope id.</param>
    /// <param name="pseudonym">The placeholder.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The value, or <see langword="null"/> when the scope did not issue the placeholder.</returns>
    ValueTask<string?> GetValueAsync(string scope, string pseudonym, CancellationToken cancellationToken = default);
}
