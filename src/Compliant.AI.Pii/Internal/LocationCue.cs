namespace Compliant.AI.Pii.Internal;

/// <summary>What a cue phrase says follows it.</summary>
internal enum LocationCue
{
    /// <summary>A place name ("grew up in", "originally from").</summary>
    Place,

    /// <summary>A place, if the clause says it is a stay ("I am in ... for a business trip").</summary>
    Stay,

    /// <summary>A known place ("travelling to France").</summary>
    Travel,

    /// <summary>A street address ("lives on", "send it to").</summary>
    Address,

    /// <summary>Two streets ("the corner of").</summary>
    Corner,

    /// <summary>A care facility ("seen at", "admitted to").</summary>
    Facility,
}
