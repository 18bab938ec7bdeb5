using System.ComponentModel.DataAnnotations;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Warnings;

/// <summary>The <c>Sensors</c> section: the secret sensors' gateway signs with (as a bridge does), and the clock skew allowed.</summary>
public sealed class SensorOptions
{
    public const string Section = "Sensors";

    /// <summary>Empty: the sensors' route answers 404 (no sensors are connected).</summary>
    public string? Secret { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Sensors:MaxClockSkew must be between 00:00:00 and 01:00:00.")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// What a sensor reports (<c>POST /api/sensors/alerts</c>): its own id for the alarm (a repeat opens no second
/// ticket), the sensor, the kind, and where: a household id, or building/unit/room, or a public place.
/// </summary>
public sealed record SensorAlert(string? Id, string? Sensor, string? Kind, string? Household, int? Building, int? Unit, string? Room, string? Place, string? Text);

/// <summary>
/// An electrical-fire, smoke, gas or water-level sensor's alarm opens an urgent hazard ticket for the place it
/// names; routing, the grid leader, the secretary and the fire-safety department hear of it as of any urgent
/// hazard. Nobody is asked anything back: a sensor has no chat.
/// </summary>
public sealed class SensorAlerts(TicketDesk desk, DirectoryCache directory)
{
    /// <summary>The kinds a sensor may report, and the danger each is (what routing tells 消防 about).</summary>
    public static readonly IReadOnlyDictionary<string, (string Hazard, string Words)> Kinds = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["electrical-fire"] = (IntakeHazards.Electric, "电气火灾报警"),
        ["smoke"] = (IntakeHazards.Fire, "烟雾报警"),
        ["gas"] = (IntakeHazards.Gas, "燃气泄漏报警"),
        ["water-level"] = (IntakeHazards.Flood, "水位报警"),
    };

    /// <summary>What is wrong with the alert (empty when it is usable).</summary>
    public static List<string> Check(SensorAlert alert)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(alert.Id) || alert.Id.Length > 64)
        {
            problems.Add("id: the alarm's own id, 1-64 characters (a repeat with the same id opens no second ticket).");
        }

        if (string.IsNullOrWhiteSpace(alert.Sensor) || alert.Sensor.Length > 64)
        {
            problems.Add("sensor: the sensor's id, 1-64 characters.");
        }

        if (alert.Kind is null || !Kinds.ContainsKey(alert.Kind))
        {
            problems.Add($"kind: one of {string.Join(", ", Kinds.Keys)}.");
        }

        if (string.IsNullOrWhiteSpace(alert.Household) && alert.Building is null && string.IsNullOrWhiteSpace(alert.Place))
        {
            problems.Add("where: household (3-2-501), or building (with unit and room when known), or place (东门, 地下车库).");
        }

        if (alert.Text is { Length: > 200 })
        {
            problems.Add("text: at most 200 characters.");
        }

        return problems;
    }

    /// <summary>Opens the ticket (or finds the one the same alarm opened) and returns it; null when the household named is not in the directory.</summary>
    public async Task<Ticket?> OpenAsync(SensorAlert alert, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var home = alert.Household is { Length: > 0 } id ? snapshot.Household(id.Trim())
            : alert is { Building: { } b, Unit: { } u, Room: { Length: > 0 } r } ? snapshot.HouseholdAt(b, u, r.Trim())
            : null;
        if (alert.Household is { Length: > 0 } && home is null)
        {
            return null;
        }

        var location = home is not null
            ? new TicketLocation(home.Building, home.Unit, home.Room, null)
            : new TicketLocation(alert.Building, alert.Unit, alert.Room?.Trim() is { Length: > 0 } room ? room : null, alert.Place?.Trim() is { Length: > 0 } place ? place : null);
        var (hazard, words) = Kinds[alert.Kind!];
        var text = $"【传感器 {alert.Sensor}】{words}{(alert.Text is { Length: > 0 } more ? "：" + more.Trim() : string.Empty)}";
        return await desk.OpenAsync(
            new NewTicket(PersonKey.Sensor(alert.Sensor!.Trim()), alert.Id!.Trim(), IntakeCategories.Hazard, Urgent: true, text, location, home?.Id, [], Ticket.HazardMark + hazard),
            cancellationToken).ConfigureAwait(false);
    }
}
