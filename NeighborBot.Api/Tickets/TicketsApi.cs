using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Tickets;

/// <summary><c>/api/admin/tickets</c>: tickets as JSON with their events.</summary>
internal static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder admin)
    {
        var tickets = admin.MapGroup("/tickets");
        tickets.MapGet("", ListAsync);
        tickets.MapGet("/{number}", GetAsync);
        tickets.MapPost("/{number}/assign", AssignAsync);
        tickets.MapPost("/{number}/close", CloseAsync);
        tickets.MapPost("/{number}/category", RecategorizeAsync);
        admin.MapGet("/figures", FiguresAsync);
        return admin;
    }

    public sealed record AssignRequest(string? Person, string? Note);

    public sealed record CloseRequest(string? Note);

    public sealed record CategoryRequest(string? Category, string? Note);

    /// <summary>Gives the ticket the category it really has; intake learns from it (<c>GET /api/admin/intake/corrections</c>).</summary>
    internal static async Task<Results<Ok<TicketView>, NotFound, BadRequest<string>, Conflict<string>>> RecategorizeAsync(
        string number, CategoryRequest? request, TicketCommands commands, CancellationToken cancellationToken)
    {
        if (request?.Category is not { } category || !NeighborBot.Intake.IntakeCategories.All.Contains(category))
        {
            return TypedResults.BadRequest($"Send {{\"category\": one of {string.Join(", ", NeighborBot.Intake.IntakeCategories.All)}, \"note\": \"...\"}}.");
        }

        return Answer(await commands.RecategorizeAsync("admin", number, category, request.Note, cancellationToken), string.Empty);
    }

    /// <param name="Wishes">Micro-wishes of the same period and grid: posted, approved, claimed, done per grid and month (only on <c>GET /api/admin/figures</c>).</param>
    public sealed record FiguresResponse(DateTimeOffset From, DateTimeOffset To, TicketFigures Total, IReadOnlyList<TicketFigures> Grids, NeighborBot.Wishes.WishFigures? Wishes = null)
    {
        /// <summary>The mediation room's figures of the bookings made in the period (the whole community, whatever the grid).</summary>
        public NeighborBot.Mediation.MediationFigures? Mediation { get; init; }
    }

    /// <summary>Gives the ticket to a person of the directory; they are told and the accept deadline starts again.</summary>
    internal static async Task<Results<Ok<TicketView>, NotFound, BadRequest<string>, Conflict<string>>> AssignAsync(
        string number, AssignRequest? request, TicketCommands commands, CancellationToken cancellationToken)
    {
        if (request?.Person is not { Length: > 0 } person)
        {
            return TypedResults.BadRequest("Send {\"person\": \"directory id\", \"note\": \"...\"}.");
        }

        var outcome = await commands.AssignAsync("admin", number, person, request.Note, cancellationToken);
        return Answer(outcome, $"'{person}' is not a worker in the directory.");
    }

    internal static async Task<Results<Ok<TicketView>, NotFound, BadRequest<string>, Conflict<string>>> CloseAsync(
        string number, CloseRequest? request, TicketCommands commands, CancellationToken cancellationToken) =>
        Answer(await commands.CloseAsync("admin", number, request?.Note, cancellationToken), string.Empty);

    /// <summary>Per grid and in total: tickets by category and status, time to accept, handling time, on-time and satisfaction rates.</summary>
    internal static async Task<Results<Ok<FiguresResponse>, BadRequest<string>>> FiguresAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? grid, TicketViews views, NeighborBot.Wishes.WishBoard wishes, NeighborBot.Mediation.MediationDesk mediation,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start > end)
        {
            return TypedResults.BadRequest("from must be before to.");
        }

        var figures = await views.FiguresAsync(start, end, grid, grids: null, cancellationToken);
        return TypedResults.Ok(figures with
        {
            Wishes = await wishes.FiguresAsync(start, end, grid, cancellationToken),
            Mediation = await mediation.FiguresAsync(start, end, cancellationToken),
        });
    }

    private static Results<Ok<TicketView>, NotFound, BadRequest<string>, Conflict<string>> Answer(TicketResult outcome, string unknownTarget) => outcome.Refusal switch
    {
        TicketRefusal.None when outcome.Done => TypedResults.Ok(TicketView.From(outcome.Ticket!)),
        TicketRefusal.NotFound => TypedResults.NotFound(),
        TicketRefusal.UnknownTarget => TypedResults.BadRequest(unknownTarget),
        _ => TypedResults.Conflict($"The ticket is {outcome.Ticket?.Status.ToString().ToLowerInvariant()}; nothing changed."),
    };

    internal static async Task<Results<Ok<IReadOnlyList<TicketView>>, BadRequest<string>>> ListAsync(
        string? status, string? category, string? grid, DateTimeOffset? from, DateTimeOffset? to, int? limit,
        ITicketStore store, CancellationToken cancellationToken)
    {
        TicketStatus? parsedStatus = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<TicketStatus>(status, ignoreCase: true, out var s) || int.TryParse(status, out _))
            {
                return TypedResults.BadRequest($"status must be one of: {string.Join(", ", Enum.GetNames<TicketStatus>().Select(n => n.ToLowerInvariant()))}");
            }

            parsedStatus = s;
        }

        if (limit is < 1 or > 5000)
        {
            return TypedResults.BadRequest("limit must be between 1 and 5000");
        }

        var query = new TicketQuery(parsedStatus, category, grid, from, to, limit ?? 500);
        IReadOnlyList<TicketView> views = [.. (await store.ListAsync(query, cancellationToken)).Select(TicketView.From)];
        return TypedResults.Ok(views);
    }

    internal static async Task<Results<Ok<TicketView>, NotFound>> GetAsync(string number, ITicketStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(number, cancellationToken) is { } ticket ? TypedResults.Ok(TicketView.From(ticket)) : TypedResults.NotFound();
}
