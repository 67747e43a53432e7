using TicketTriage.Training;

namespace TicketTriage.Tests;

/// <summary>A fact that runs only when ../shared/data/banking77 is present (or <c>COMPLIANT_DATA_DIR</c> points at it); skipped with the reason otherwise.</summary>
public sealed class Banking77FactAttribute : FactAttribute
{
    public Banking77FactAttribute()
    {
        if (Banking77Data.FindDataDirectory(AppContext.BaseDirectory) is null)
        {
            Skip = "dataset 'banking77' not found: set COMPLIANT_DATA_DIR or place it at ../shared/data/banking77 beside the repository";
        }
    }
}
