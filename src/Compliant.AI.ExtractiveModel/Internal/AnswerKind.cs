namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>The kinds of answer a question asks for that <see cref="QuestionCue"/> does not type-check (<see cref="AnswerKinds"/>).</summary>
[Flags]
internal enum AnswerKind
{
    None = 0,

    /// <summary>"What time of day", "at what time": a clock time or a part of the day.</summary>
    ClockTime = 1,

    /// <summary>"What building", "which floor": a place.</summary>
    Place = 2,

    /// <summary>"What mailing address": a postal address.</summary>
    PostalAddress = 4,

    /// <summary>"What hourly rate", "the mileage rate": an amount per unit, a percentage or a multiple of a rate.</summary>
    Rate = 8,

    /// <summary>"Who do we call", "whom should I contact": a role, an office, an address or a number to reach.</summary>
    Contact = 16,

    /// <summary>"Which room": a room (a number or a name with "room" or "suite"), not only the building or office it is in.</summary>
    Room = 32,

    /// <summary>"What is the fax number", "which phone number": a telephone number, as written or redacted.</summary>
    PhoneNumber = 64,

    /// <summary>
    /// "How many days in advance", "how far ahead", "how many days before leaving": a time before the event. A unit that counts
    /// its time from an event ("within five days of your return", "30 days after receipt") and says nothing of before answers
    /// another relation.
    /// </summary>
    LeadTime = 128,

    /// <summary>
    /// "What is the fine for ...", "what penalty applies", "the maximum civil money penalty": a sanction. A unit stating a
    /// deadline, a rule or a procedure and no penalty, fine, sanction or discipline answers what must be done, not what
    /// follows when it is not.
    /// </summary>
    Sanction = 256,
}
