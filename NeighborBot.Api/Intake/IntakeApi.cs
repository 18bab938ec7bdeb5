using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Conversations;
using System.Text.Json;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Intake;

/// <summary>
/// <c>POST /api/admin/intake/preview</c>: what the bot would understand, without storing anything. Any text is read,
/// however long: intake looks at a bounded prefix (the rules at most 600 characters, the model 400), as it does
/// for a message from WeChat. <c>GET /api/admin/intake/corrections</c>: what staff corrected, in the training format.
/// </summary>
internal static class IntakeApi
{
    public sealed record PreviewRequest(string? Text);

    public sealed record PreviewLocation(int? Building, int? Unit, string? Room, string? Place);

    public sealed record PreviewProblem(string Category, bool Urgent, string? Hazard, PreviewLocation? Location, string Text);

    public sealed record Preview(
        bool IsTicket, string Category, bool Urgent, PreviewLocation? Location, string Intent, IReadOnlyList<PreviewProblem> Problems,
        IReadOnlyList<string>? Choices, float? Confidence);

    public static RouteGroupBuilder MapIntakeApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/intake/preview", PreviewText);
        admin.MapGet("/intake/corrections", CorrectionsAsync);
        return admin;
    }

    /// <summary>One line of the training format (data/intake/README.md).</summary>
    public sealed record Correction(
        string Text, string Category, bool Urgent, PreviewLocation? Location, int Problems, IReadOnlyList<string> Categories, string Note);

    /// <summary>
    /// Every ticket whose category staff corrected, as (the resident's words, the category it really had), one JSON
    /// object per line: save it as data/intake/corrections/*.jsonl and run the trainer.
    /// </summary>
    internal static async Task<IResult> CorrectionsAsync(DateTimeOffset? from, DateTimeOffset? to, ITicketStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var tickets = await store.ListAsync(new TicketQuery(From: from ?? end.AddYears(-1), To: end, Limit: 100_000), cancellationToken);
        var lines = new System.Text.StringBuilder();
        foreach (var ticket in tickets.OrderBy(t => t.Number, StringComparer.Ordinal))
        {
            if (ticket.Events.LastOrDefault(e => e.Action == TicketActions.Recategorized) is not { To: { } category } last)
            {
                continue;
            }

            var location = ticket.Location is { } l ? new PreviewLocation(l.Building, l.Unit, l.Room, l.Place) : null;
            var note = $"{ticket.Number}: {last.From} → {category} by {last.Actor}" + (last.Note is { Length: > 0 } n ? $" ({n})" : string.Empty);
            lines.AppendLine(JsonSerializer.Serialize(new Correction(ticket.Text, category, ticket.Urgent, location, 1, [category], note), Json));
        }

        return TypedResults.Text(lines.ToString(), "application/x-ndjson; charset=utf-8");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static Results<Ok<Preview>, BadRequest<string>> PreviewText(PreviewRequest? request, IntakeService intake)
    {
        if (request?.Text is not { Length: > 0 } text)
        {
            return TypedResults.BadRequest("Send {\"text\": \"...\"} with the message to preview.");
        }

        var result = intake.Analyze(text);
        var location = (result.Problems.Count > 0 ? result.Problems[0].Location : null) ?? result.Location;
        return TypedResults.Ok(new Preview(
            result.IsTicket,
            result.Category,
            result.Urgent,
            From(location),
            result.Intent.ToString(),
            [.. result.Problems.Select(p => new PreviewProblem(p.Category, p.Urgent, p.Hazard, From(p.Location), p.Text))],
            result.Choices,
            result.Confidence));
    }

    private static PreviewLocation? From(IntakeLocation? location) =>
        location is null ? null : new PreviewLocation(location.Building, location.Unit, location.Room, location.Place);
}
