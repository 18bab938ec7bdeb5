using System.Text.Json.Serialization;

namespace NeighborBot.Warnings;

/// <summary>Where a warning stands: active until its feed cancels it, an admin cancels it, or it expires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarningStatus>))]
public enum WarningStatus
{
    Active,
    Cancelled,
    Expired,
}

/// <summary>Where a household on a warning's transfer list stands (interfaces.md: pending, moved, safe, unreachable).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckState>))]
public enum CheckState
{
    /// <summary>Nobody has confirmed anything yet.</summary>
    Pending,

    /// <summary>已转移: the household was moved to safety.</summary>
    Moved,

    /// <summary>已联系 … 不需要转移: contacted, staying is safe.</summary>
    Safe,

    /// <summary>联系不上: nobody answered; the grid worker is told at once.</summary>
    Unreachable,
}

/// <summary>
/// A vulnerable household on a warning's transfer list: the volunteers paired with it (none: the grid
/// worker checks it), what was confirmed by whom and when, and how far it was escalated (1: the grid
/// worker, 2: the grid leader).
/// </summary>
public sealed record HouseholdCheck
{
    public string Household { get; init; } = string.Empty;
    public string? Grid { get; init; }
    public List<string> Volunteers { get; init; } = [];
    public CheckState State { get; init; }
    public string? By { get; init; }
    public DateTimeOffset? At { get; init; }
    public string? Note { get; init; }
    public int Escalated { get; init; }
}

/// <summary>
/// A flood or rainstorm warning the community acts on: from a CAP feed (its alert and later updates,
/// by their keys) or issued by an admin. Its announcements are broadcasts named after it
/// (<see cref="BroadcastId"/>), made once per version; from <see cref="WarningOptions.TransferFrom"/>
/// (orange) on, its transfer list tracks every vulnerable household until someone confirms it.
/// </summary>
public sealed record Warning
{
    public string Id { get; init; } = string.Empty;

    /// <summary>The CAP keys (sender,identifier) of the alert and of every update and cancel applied; <c>manual:{id}</c> for a warning by hand.</summary>
    public List<string> Keys { get; init; } = [];

    /// <summary>The feed's name, or <c>admin:{who}</c>.</summary>
    public string Source { get; init; } = string.Empty;

    public string Event { get; init; } = string.Empty;
    public string Title { get; init; } = string.Empty;
    public string Text { get; init; } = string.Empty;
    public string? Instruction { get; init; }
    public CapSeverity Severity { get; init; }
    public WarningStatus Status { get; init; }
    public DateTimeOffset Sent { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? CancelledBy { get; init; }

    /// <summary>1 for the alert, one more for each update, one more for the cancel: each version is announced once.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The last version whose announcement (broadcast, volunteers' lists) was made; the sweep makes up the rest.</summary>
    public int Announced { get; init; }

    /// <summary>When transfers started (the warning reached <see cref="WarningOptions.TransferFrom"/>); escalation counts from here.</summary>
    public DateTimeOffset? TransfersFrom { get; init; }

    public List<HouseholdCheck> Households { get; init; } = [];

    [JsonIgnore]
    public bool IsActive => Status == WarningStatus.Active;

    /// <summary>The broadcast that announces a version: the same id on every attempt, so it is made once.</summary>
    public string BroadcastId(int version) => $"{Id}-v{version}";

    public HouseholdCheck? Check(string household) => Households.Find(h => h.Household == household);

    public Warning WithCheck(HouseholdCheck check) =>
        this with { Households = [.. Households.Select(h => h.Household == check.Household ? check : h)] };
}
