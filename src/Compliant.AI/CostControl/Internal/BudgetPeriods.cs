using System.Globalization;

namespace Compliant.AI.CostControl.Internal;

/// <summary>UTC day and month periods and the budget keys derived from them.</summary>
internal static class BudgetPeriods
{
    public const string Day = "day";
    public const string Month = "month";

    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset End(string period, DateTimeOffset now) =>
        period == Day ? DayStart(now).AddDays(1) : MonthStart(now).AddMonths(1);

    /// <summary>The budget key, for example <c>compliant_ai:budget:cardiology:day:2026-11-23</c>.</summary>
    public static string Key(string tenant, string period, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"compliant_ai:budget:{tenant}:{period}:{(period == Day ? now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture))}");
}
