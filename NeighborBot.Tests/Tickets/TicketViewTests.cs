using System.Text.Json;
using NeighborBot.Api.Tickets;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

/// <summary>
/// The admin routes send <see cref="TicketView"/> instead of the domain <see cref="Ticket"/>; scripts and the console
/// read that JSON, so it must stay byte for byte what the domain record gave.
/// </summary>
public sealed class TicketViewTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);
    private const string Reporter = "mp:demo:o_res";

    /// <summary>What minimal APIs write with (Microsoft.AspNetCore.Http.Json.JsonOptions' default).</summary>
    private static readonly JsonSerializerOptions Http = new(JsonSerializerDefaults.Web);

    /// <summary>Every part of a ticket filled in: location, hazard, events with cc and rating, attachments, rating.</summary>
    internal static Ticket Full() => new()
    {
        Number = "20260712-0042",
        Revision = 7,
        Category = "repair",
        Urgent = true,
        Location = new TicketLocation(3, 2, "501", "东门"),
        HouseholdId = "h-3-2-501",
        Grid = "g1",
        Reporter = Reporter,
        Channel = "mp",
        Text = "3号楼2单元501厨房有煤气味",
        SourceId = "m1",
        Status = TicketStatus.Closed,
        Assignee = "w1",
        AcceptBy = At.AddHours(1),
        ResolveBy = At.AddHours(4),
        AcceptedAt = At.AddMinutes(20),
        ResolvedAt = At.AddHours(2),
        ClosedAt = At.AddHours(3),
        Rating = 4,
        Attachments =
        [
            new TicketAttachment("image", "media-1", "https://example.invalid/1.jpg", At.AddMinutes(1)),
            new TicketAttachment("location", null, null, At.AddMinutes(2), "东门"),
        ],
        Events =
        [
            new TicketEvent(At, Reporter, TicketActions.Created, Ticket.HazardMark + "gas"),
            new TicketEvent(At.AddMinutes(1), Ticket.System, TicketActions.Assigned, "张伟（物业）", "w1", null, ["l1", "l2"]),
            new TicketEvent(At.AddMinutes(2), Reporter, TicketActions.Attachment, "image"),
            new TicketEvent(At.AddMinutes(3), Reporter, TicketActions.Chased, "快点"),
            new TicketEvent(At.AddMinutes(20), "w1", TicketActions.Accepted),
            new TicketEvent(At.AddHours(2), "w1", TicketActions.Resolved, "已修好"),
            new TicketEvent(At.AddHours(3), Reporter, TicketActions.Rated, "基本满意", Rating: 4),
        ],
        CreatedAt = At,
        UpdatedAt = At.AddHours(3),
    };

    private static Ticket Bare() => new()
    {
        Number = "20260712-0001",
        Category = "other",
        Reporter = Reporter,
        Channel = "grp",
        Text = "问一下",
        SourceId = "m2",
        CreatedAt = At,
        UpdatedAt = At,
    };

    [Fact]
    public void The_view_writes_exactly_the_json_the_domain_ticket_wrote()
    {
        foreach (var ticket in new[] { Full(), Bare(), Full() with { Location = new TicketLocation(null, null, null, null), Status = TicketStatus.Assigned } })
        {
            Assert.Equal(JsonSerializer.Serialize(ticket, Http), JsonSerializer.Serialize(TicketView.From(ticket), Http));
        }
    }

    [Fact]
    public void The_field_names_and_their_order_stay_as_scripts_and_the_console_read_them()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(TicketView.From(Full()), Http));
        var root = json.RootElement;

        Assert.Equal(
            ["number", "revision", "category", "urgent", "location", "householdId", "hazard", "grid", "reporter", "channel", "text",
             "sourceId", "status", "assignee", "acceptBy", "resolveBy", "acceptedAt", "resolvedAt", "closedAt", "rating", "attachments",
             "events", "createdAt", "updatedAt", "isOpen", "isActive", "isWithHandler", "awaitsAcceptance", "acceptDeadlineRuns",
             "awaitsDispatch", "shortNumber", "chases"],
            Names(root));
        Assert.Equal(["building", "unit", "room", "place", "isEmpty"], Names(root.GetProperty("location")));
        Assert.Equal(["kind", "mediaId", "url", "at", "text"], Names(root.GetProperty("attachments")[0]));
        Assert.Equal(["at", "actor", "action", "note", "to", "from", "cc", "rating"], Names(root.GetProperty("events")[1]));

        Assert.Equal(("closed", "gas", "0042", 1, 4), (
            root.GetProperty("status").GetString(), root.GetProperty("hazard").GetString(), root.GetProperty("shortNumber").GetString(),
            root.GetProperty("chases").GetInt32(), root.GetProperty("rating").GetInt32()));
        Assert.Equal(["l1", "l2"], root.GetProperty("events")[1].GetProperty("cc").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(4, root.GetProperty("events")[6].GetProperty("rating").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("attachments")[1].GetProperty("mediaId").ValueKind);
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
