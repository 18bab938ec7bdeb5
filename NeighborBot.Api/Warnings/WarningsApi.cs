using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NeighborBot.Api.Directory;
using NeighborBot.Bridges;
using NeighborBot.Directory;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using NeighborBot.WeChat;

namespace NeighborBot.Api.Warnings;

/// <summary>
/// <c>/api/admin/warnings</c>: poll the feeds now, issue a warning by hand, follow each household's
/// transfer, lift a warning; and <c>POST /api/sensors/alerts</c>, signed as a bridge signs, for
/// electrical-fire, smoke, gas and water-level sensors. Shapes in shared/design/interfaces.md ("Warnings and festivals").
/// </summary>
internal static class WarningsApi
{
    public const int MaxSensorBody = 4096;

    public sealed record IssueBody(string? Title = null, string? Text = null, string? Severity = null, string? By = null);

    public sealed record ByBody(string? By = null);

    public sealed record PollView(IReadOnlyList<FeedPoll> Feeds);

    public sealed record HouseholdView(string Id, string Address, string? Grid, IReadOnlyList<string> Volunteers, string State, string? By, DateTimeOffset? At, string? Note, int Escalated);

    public sealed record WarningView(
        string Id, string Identifier, string Source, string Event, string Title, string Text, string Severity, string Colour, string Status,
        DateTimeOffset Sent, DateTimeOffset? Expires, DateTimeOffset? TransfersFrom, int Version, IReadOnlyList<string> Broadcasts,
        IReadOnlyDictionary<string, int> Counts, IReadOnlyList<HouseholdView> Households);

    public sealed record SensorAnswer(string Ticket, bool Urgent);

    public static RouteGroupBuilder MapWarningsApi(this RouteGroupBuilder admin)
    {
        var warnings = admin.MapGroup("/warnings").WithTags("Warnings");
        warnings.MapPost("/poll", PollAsync).WithSummary("Poll every alert feed now (the recurring job does the same).");
        warnings.MapPost("", IssueAsync).WithSummary("Issue a warning by hand: announced at once; from Severe (orange) on, transfers start.");
        warnings.MapGet("", ListAsync).WithSummary("Warnings, newest first, each with every household's transfer state.");
        warnings.MapGet("/{id}", GetAsync).WithSummary("One warning with each household's state, who confirmed and when.");
        warnings.MapPost("/{id}/cancel", CancelAsync).WithSummary("Lift an active warning: everyone it reached hears it is over.");
        return admin;
    }

    public static IEndpointRouteBuilder MapSensorAlerts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sensors/alerts", ReceiveAsync).WithTags("Warnings");
        return app;
    }

    internal static async Task<Ok<PollView>> PollAsync(WarningFeeds feeds, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PollView(await feeds.PollAsync(cancellationToken)));

    internal static async Task<Results<Created<WarningView>, BadRequest<DirectoryApi.Problems>>> IssueAsync(
        IssueBody body, WarningDesk desk, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(body.Title) || body.Title.Trim().Length > 60)
        {
            problems.Add("title: 1-60 characters, such as 暴雨橙色预警.");
        }

        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Trim().Length > 400)
        {
            problems.Add("text: 1-400 characters: what is coming and when.");
        }

        var severity = CapParser.SeverityOf(body.Severity);
        if (severity == CapSeverity.Unknown)
        {
            problems.Add("severity: Minor, Moderate, Severe or Extreme (or 蓝色, 黄色, 橙色, 红色).");
        }

        if (problems.Count > 0)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems(problems));
        }

        var warning = await desk.IssueAsync(body.Title!.Trim(), body.Text!.Trim(), severity, Who(body.By), cancellationToken);
        return TypedResults.Created($"/api/admin/warnings/{warning.Id}", View(warning, null));
    }

    internal static async Task<Ok<IReadOnlyList<WarningView>>> ListAsync(WarningDesk desk, DirectoryCache directory, CancellationToken cancellationToken, int limit = 20)
    {
        var snapshot = await directory.GetAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WarningView>>([.. (await desk.ListAsync(Math.Clamp(limit, 1, 200), cancellationToken)).Select(w => View(w, snapshot))]);
    }

    internal static async Task<Results<Ok<WarningView>, NotFound>> GetAsync(string id, WarningDesk desk, DirectoryCache directory, CancellationToken cancellationToken) =>
        await desk.GetAsync(id, cancellationToken) is { } warning
            ? TypedResults.Ok(View(warning, await directory.GetAsync(cancellationToken)))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<WarningView>, NotFound, Conflict<DirectoryApi.Problems>>> CancelAsync(
        string id, ByBody? body, WarningDesk desk, DirectoryCache directory, CancellationToken cancellationToken)
    {
        var before = await desk.GetAsync(id, cancellationToken);
        if (before is null)
        {
            return TypedResults.NotFound();
        }

        if (!before.IsActive)
        {
            return TypedResults.Conflict(new DirectoryApi.Problems([$"The warning is {Name(before.Status)} already."]));
        }

        var after = await desk.CancelAsync(id, Who(body?.By), cancellationToken);
        return TypedResults.Ok(View(after!, await directory.GetAsync(cancellationToken)));
    }

    internal static async Task<Results<Accepted<SensorAnswer>, NotFound, UnauthorizedHttpResult, BadRequest<DirectoryApi.Problems>, StatusCodeHttpResult>> ReceiveAsync(
        HttpRequest request, SensorAlerts sensors, IOptions<SensorOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Secret))
        {
            return TypedResults.NotFound();
        }

        var body = await RequestBody.ReadAsync(request, MaxSensorBody, cancellationToken);
        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!BridgeSignature.Verify(settings.Secret, request.Headers[BridgeSignature.TimestampHeader], request.Headers[BridgeSignature.SignatureHeader], body, time.GetUtcNow(), settings.MaxClockSkew))
        {
            return TypedResults.Unauthorized();
        }

        SensorAlert? alert;
        try
        {
            alert = JsonSerializer.Deserialize<SensorAlert>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            alert = null;
        }

        if (alert is null)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems(["The body must be JSON: {\"id\", \"sensor\", \"kind\", \"household\" | \"building\"/\"unit\"/\"room\" | \"place\", \"text\"}."]));
        }

        if (SensorAlerts.Check(alert) is { Count: > 0 } problems)
        {
            return TypedResults.BadRequest(new DirectoryApi.Problems(problems));
        }

        return await sensors.OpenAsync(alert, cancellationToken) is { } ticket
            ? TypedResults.Accepted($"/api/admin/tickets/{ticket.Number}", new SensorAnswer(ticket.Number, ticket.Urgent))
            : TypedResults.BadRequest(new DirectoryApi.Problems([$"household: '{alert.Household}' is not in the directory."]));
    }

    private static WarningView View(Warning w, DirectorySnapshot? snapshot) => new(
        w.Id,
        string.Join(' ', w.Keys),
        w.Source,
        w.Event,
        w.Title,
        w.Text,
        w.Severity.ToString(),
        CapParser.Colour(w.Severity),
        Name(w.Status),
        w.Sent,
        w.Expires,
        w.TransfersFrom,
        w.Version,
        [.. Enumerable.Range(1, w.Announced).Select(w.BroadcastId)],
        Enum.GetValues<CheckState>().ToDictionary(Name, s => w.Households.Count(h => h.State == s)),
        [.. w.Households.Select(h => new HouseholdView(
            h.Household, WarningTexts.Address(h.Household), h.Grid,
            [.. h.Volunteers.Select(v => snapshot?.Person(v)?.Name ?? v)],
            Name(h.State), h.By is { } by ? snapshot?.Person(by)?.Name ?? by : null, h.At, h.Note, h.Escalated))]);

    private static string Name(CheckState state) => state.ToString().ToLowerInvariant();

    private static string Name(WarningStatus status) => status.ToString().ToLowerInvariant();

    private static string Who(string? by) => string.IsNullOrWhiteSpace(by) ? Broadcasts.BroadcastsApi.SharedKey : by.Trim();
}
