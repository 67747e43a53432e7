namespace Compliant.AI;

/// <summary>Keeps the running spend of each budget key (a tenant and a period) for the cost-control stage.</summary>
/// <remarks>
/// Implementations must make <see cref="TryReserveAsync"/> atomic with respect to other calls on the same key in the
/// same store: that is what keeps concurrent calls from overspending. Amounts are in <see cref="CostControlOptions.Currency"/>.
/// </remarks>
public interface IBudgetStore
{
    /// <summary>Adds <paramref name="amount"/> to the spend under <paramref name="key"/> only if the result stays within <paramref name="limit"/>.</summary>
    /// <param name="key">The budget key, for example <c>compliant_ai:budget:{tenant}:day:2026-11-23</c>.</param>
    /// <param name="amount">The amount to reserve; not negative.</param>
    /// <param name="limit">The limit the spend must stay within.</param>
    /// <param name="expiresAt">When the key may be forgotten (after its period ended).</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns><see langword="true"/> when reserved; <see langword="false"/> when it would exceed the limit (nothing changed).</returns>
    ValueTask<bool> TryReserveAsync(string key, decimal amount, decimal limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="amount"/> (negative to release a reservation) to the spend under <paramref name="key"/> without a limit check.</summary>
    /// <param name="key">The budget key.</param>
    /// <param name="amount">The amount to add.</param>
    /// <param name="expiresAt">When the key may be forgotten.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the spend was updated.</returns>
    ValueTask AddAsync(string key, decimal amount, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Gets the spend (settled plus reserved) under <paramref name="key"/>.</summary>
    /// <param name="key">The budget key.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The spend, 0 when unknown.</returns>
    ValueTask<decimal> GetSpentAsync(string key, CancellationToken cancellationToken = default);
}
