using System.Globalization;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Tickets;

/// <summary>The filters of the console's ticket list; null means any. Days are China days, both included.</summary>
internal sealed record TicketFilter(
    TicketStatus? Status = null, string? Category = null, string? Grid = null, bool? Urgent = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>One line of the ticket list, as staff read it.</summary>
internal sealed record TicketRow(
    string Number, string Category, string CategoryLabel, bool Urgent, string Status, string StatusLabel,
    string? Grid, string Place, string? Assignee, string? AssigneeName, DateTimeOffset CreatedAt, string Text);

internal sealed record TicketEventView(DateTimeOffset At, string Actor, string Action, string ActionLabel, string? Note);

internal sealed record TicketAttachmentView(string Kind, string? Url, DateTimeOffset At, string? Text);

/// <summary>One ticket with its trail, the resident's words and attachments; no reporter identity.</summary>
internal sealed record TicketDetail(
    TicketRow Ticket, IReadOnlyList<TicketEventView> Events, IReadOnlyList<TicketAttachmentView> Attachments,
    DateTimeOffset? AcceptBy, DateTimeOffset? ResolveBy, int? Rating, bool IsOpen);

internal sealed record TicketPage(IReadOnlyList<TicketRow> Rows, int Total, int Page, int PageSize);

/// <summary>Tickets opened in one week (starting Monday, China time) and how they went.</summary>
internal sealed record WeekFigures(DateOnly Week, int Tickets, int Urgent, double? AverageHoursToAccept, double? AverageHandlingHours, double? OnTimeRate, double? SatisfactionRate);

/// <summary>The overview: the admin figures, the weekly trend and the open urgent tickets.</summary>
internal sealed record OverviewView(TicketsApi.FiguresResponse Figures, IReadOnlyList<WeekFigures> Weeks, IReadOnlyList<TicketRow> OpenUrgent);

/// <summary>
/// Read side of the tickets for the console and the admin API: the same store and the same figures, turned
/// into view models; <c>grids</c> limits what a grid leader or worker sees (null: every grid).
/// </summary>
internal sealed class TicketViews(ITicketStore store, DirectoryCache directory, TimeProvider time)
{
    public const int MaxTickets = 100_000;

    public static readonly IReadOnlyList<TicketStatus> Statuses = Enum.GetValues<TicketStatus>();

    public static string StatusLabel(TicketStatus status) => status switch
    {
        TicketStatus.Submitted => "待派单",
        TicketStatus.Assigned => "待接单",
        TicketStatus.Accepted => "处理中",
        TicketStatus.Resolved => "已办结",
        TicketStatus.Closed => "已关闭",
        TicketStatus.Cancelled => "已取消",
        TicketStatus.Reopened => "已重办",
        _ => status.ToString(),
    };

    public static string StatusName(TicketStatus status) => status.ToString().ToLowerInvariant();

    public static string ActionLabel(string action) => action switch
    {
        TicketActions.Created => "提交",
        TicketActions.Assigned => "派单",
        TicketActions.Accepted => "接单",
        TicketActions.Resolved => "办结",
        TicketActions.Transferred => "转派",
        TicketActions.Returned => "退回",
        TicketActions.Cancelled => "取消",
        TicketActions.Rated => "评价",
        TicketActions.Closed => "关闭",
        TicketActions.AutoClosed => "自动关闭",
        TicketActions.Location => "补充地点",
        TicketActions.Corrected => "更正",
        TicketActions.Recategorized => "更改类别",
        TicketActions.Attachment => "附件",
        TicketActions.RatingReminder => "提醒评价",
        TicketActions.MadeUrgent => "转为紧急",
        _ => action,
    };

    /// <summary>The filtered tickets the viewer may see, newest first.</summary>
    public async Task<IReadOnlyList<TicketRow>> ListAsync(TicketFilter filter, IReadOnlyCollection<string>? grids, CancellationToken cancellationToken)
    {
        var query = new TicketQuery(filter.Status, filter.Category, filter.Grid,
            filter.From is { } from ? ChinaTime.StartOf(from) : null,
            filter.To is { } to ? ChinaTime.StartOf(to.AddDays(1)).AddTicks(-1) : null,
            MaxTickets);
        var tickets = await store.ListAsync(query, cancellationToken);
        var snapshot = await directory.GetAsync(cancellationToken);
        return [.. tickets.Where(t => Sees(grids, t) && (filter.Urgent is null || t.Urgent == filter.Urgent)).Select(t => Row(t, snapshot))];
    }

    public async Task<TicketPage> PageAsync(TicketFilter filter, IReadOnlyCollection<string>? grids, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await ListAsync(filter, grids, cancellationToken);
        page = Math.Max(page, 0);
        return new TicketPage([.. rows.Skip(page * pageSize).Take(pageSize)], rows.Count, page, pageSize);
    }

    /// <summary>The ticket when it exists and the viewer may see it.</summary>
    public async Task<TicketDetail?> GetAsync(string number, IReadOnlyCollection<string>? grids, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(number, cancellationToken) is not { } ticket || !Sees(grids, ticket))
        {
            return null;
        }

        var snapshot = await directory.GetAsync(cancellationToken);
        return new TicketDetail(
            Row(ticket, snapshot),
            [.. ticket.Events.Select(e => new TicketEventView(e.At, ActorName(e.Actor, snapshot), e.Action, ActionLabel(e.Action), e.Note))],
            [.. ticket.Attachments.Select(a => new TicketAttachmentView(a.Kind, a.Url, a.At, a.Text))],
            ticket.AcceptBy, ticket.ResolveBy, ticket.Rating, ticket.IsOpen);
    }

    /// <summary>Per grid and in total: tickets by category and status, time to accept, handling time, on-time and satisfaction rates.</summary>
    public async Task<TicketsApi.FiguresResponse> FiguresAsync(
        DateTimeOffset start, DateTimeOffset end, string? grid, IReadOnlyCollection<string>? grids, CancellationToken cancellationToken) =>
        Figures(start, end, grid, await InPeriodAsync(start, end, grid, grids, cancellationToken));

    /// <summary>The overview of the last <paramref name="weeks"/> weeks: figures, the trend per week, open urgent tickets first.</summary>
    public async Task<OverviewView> OverviewAsync(int weeks, IReadOnlyCollection<string>? grids, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        var firstWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - (7 * (weeks - 1)));
        var start = ChinaTime.StartOf(firstWeek);
        var end = time.GetUtcNow();
        var tickets = await InPeriodAsync(start, end, null, grids, cancellationToken);
        var trend = Enumerable.Range(0, weeks).Select(i => firstWeek.AddDays(7 * i)).Select(week =>
        {
            var figures = TicketFigures.Of(null, [.. tickets.Where(t => ChinaTime.DayOf(t.CreatedAt) >= week && ChinaTime.DayOf(t.CreatedAt) < week.AddDays(7))]);
            return new WeekFigures(week, figures.Tickets, figures.Urgent, figures.AverageHoursToAccept, figures.AverageHandlingHours, figures.OnTimeRate, figures.SatisfactionRate);
        }).ToList();
        var urgent = await ListAsync(new TicketFilter(Urgent: true), grids, cancellationToken);
        return new OverviewView(Figures(start, end, null, tickets), trend, [.. urgent.Where(r => r.Status is not ("closed" or "cancelled" or "resolved"))]);
    }

    public static bool Sees(IReadOnlyCollection<string>? grids, Ticket ticket) =>
        grids is null || (ticket.Grid is { } grid && grids.Contains(grid, StringComparer.OrdinalIgnoreCase));

    private async Task<IReadOnlyList<Ticket>> InPeriodAsync(
        DateTimeOffset start, DateTimeOffset end, string? grid, IReadOnlyCollection<string>? grids, CancellationToken cancellationToken)
    {
        var tickets = await store.ListAsync(new TicketQuery(Grid: grid, From: start, To: end, Limit: MaxTickets), cancellationToken);
        return [.. tickets.Where(t => Sees(grids, t))];
    }

    private static TicketsApi.FiguresResponse Figures(DateTimeOffset start, DateTimeOffset end, string? grid, IReadOnlyList<Ticket> tickets)
    {
        var perGrid = tickets.GroupBy(t => t.Grid ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => TicketFigures.Of(g.Key, [.. g])).ToList();
        return new TicketsApi.FiguresResponse(start, end, TicketFigures.Of(grid, tickets), perGrid);
    }

    private static TicketRow Row(Ticket t, DirectorySnapshot snapshot) => new(
        t.Number, t.Category, IntakeCategories.Label(t.Category), t.Urgent, StatusName(t.Status), StatusLabel(t.Status),
        t.Grid, t.Location?.ToString() ?? string.Empty, t.Assignee, t.Assignee is { } a ? snapshot.Person(a)?.Name ?? a : null,
        t.CreatedAt, t.Text);

    /// <summary>A directory person by name; a resident's key is not shown (it identifies them on WeChat).</summary>
    private static string ActorName(string actor, DirectorySnapshot snapshot) => actor switch
    {
        "system" => "系统",
        _ when snapshot.Person(actor) is { } person => person.Name,
        _ when actor.StartsWith("console:", StringComparison.Ordinal) => "控制台 " + actor["console:".Length..],
        _ when actor.Contains(':', StringComparison.Ordinal) => "居民",
        _ => actor.ToString(CultureInfo.InvariantCulture),
    };
}
