using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Mediation;

/// <summary>The <c>Mediation</c> section: how long a meeting is, how far ahead it may be booked, where it is held.</summary>
public sealed class MediationOptions
{
    public const string Section = "Mediation";

    public const int DefaultSlotMinutes = 60;
    public const int DefaultHorizonDays = 14;
    public const int DefaultLeadMinutes = 60;
    public const int DefaultOffer = 5;
    public const string DefaultRoom = "社区调解室";

    /// <summary>How long one meeting is; a mediator's hours are cut into slots of this length.</summary>
    [Range(15, 240, ErrorMessage = "Mediation:SlotMinutes must be between 15 and 240.")]
    public int SlotMinutes { get; set; } = DefaultSlotMinutes;

    /// <summary>How many days ahead slots are offered.</summary>
    [Range(1, 60, ErrorMessage = "Mediation:HorizonDays must be between 1 and 60.")]
    public int HorizonDays { get; set; } = DefaultHorizonDays;

    /// <summary>A slot is offered only when it starts at least this many minutes from now.</summary>
    [Range(0, 24 * 60, ErrorMessage = "Mediation:LeadMinutes must be between 0 and 1440.")]
    public int LeadMinutes { get; set; } = DefaultLeadMinutes;

    /// <summary>How many slots a resident is offered at once (numbered choices).</summary>
    [Range(1, 9, ErrorMessage = "Mediation:Offer must be between 1 and 9.")]
    public int Offer { get; set; } = DefaultOffer;

    /// <summary>Where the meetings are held, as residents and mediators are told.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Mediation:Room is required.")]
    public string Room { get; set; } = DefaultRoom;
}
