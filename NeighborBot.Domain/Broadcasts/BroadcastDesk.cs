using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NeighborBot.Broadcasts;

/// <summary>What an admin writes: the content, the audience, when, and whether it is urgent.</summary>
/// <param name="Draft">Keep it a draft (to change and preview it) instead of scheduling it at once.</param>
/// <param name="By">Who writes it (recorded as the author).</param>
public sealed record BroadcastRequest(BroadcastContent Content, Audience Audience, BroadcastSchedule? Schedule, bool Urgent, bool MassSend, bool Draft, string By);

/// <summary>How a desk command went: the broadcast, or what was wrong.</summary>
public sealed record DeskOutcome(Broadcast? Broadcast, DeskError Error, IReadOnlyList<string> Problems)
{
    public static DeskOutcome Ok(Broadcast broadcast) => new(broadcast, DeskError.None, []);

    public static DeskOutcome Fail(DeskError error, params string[] problems) => new(null, error, problems);
}

public enum DeskError
{
    None,
    NotFound,

    /// <summary>The request is not usable (400): the problems say why.</summary>
    Invalid,

    /// <summary>The broadcast is not in a state that allows it (409).</summary>
    Conflict,
}

/// <summary>What an audience comes to now: counts per channel and kind, the grids, whether it needs approval, and a few recipients.</summary>
public sealed record AudiencePreview(
    int Recipients,
    int Skipped,
    IReadOnlyDictionary<string, int> Channels,
    IReadOnlyDictionary<string, int> Kinds,
    IReadOnlyList<string> Grids,
    bool NeedsApproval,
    IReadOnlyList<PreviewRecipient> Sample,
    int? MassSendsLeft);

/// <summary>One recipient of a preview: the channel, the kind, a name for people (a group's name, a household, a person).</summary>
public sealed record PreviewRecipient(string Channel, string Kind, string? Name, string? Grid, bool OptedOut);

/// <summary>The figures of a broadcast's latest run, as the admin API shows them.</summary>
public sealed record BroadcastFigures(int Run, int Recipients, int Sent, int Failed, int Skipped, int Pending, int Cancelled)
{
    public static readonly BroadcastFigures None = new(0, 0, 0, 0, 0, 0, 0);

    public static BroadcastFigures Of(RunFigures f) => new(f.Run, f.Recipients, f.Sent, f.Failed, f.Skipped, f.Pending, f.CancelledCount);
}

/// <summary>A broadcast with the figures of its latest run.</summary>
public sealed record BroadcastView(
    string Id,
    BroadcastStatus Status,
    BroadcastFigures Figures,
    string Title,
    string Text,
    string? Markdown,
    string? Link,
    string? Series,
    Audience Audience,
    BroadcastSchedule? Schedule,
    bool Urgent,
    bool MassSend,
    bool NeedsApproval,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? CancelledBy,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? NextRunAt,
    int Runs,
    DateTimeOffset? LastRunAt,
    string? Reason)
{
    public static BroadcastView Of(Broadcast b, BroadcastFigures figures) => new(
        b.Id, b.Status, figures, b.Content.Title, b.Content.Text, b.Content.Markdown, b.Content.Link, b.Content.Series, b.Audience, b.Schedule,
        b.Urgent, b.MassSend, b.NeedsApproval, b.CreatedBy, b.CreatedAt, b.UpdatedAt, b.ApprovedBy, b.ApprovedAt, b.CancelledBy, b.CancelledAt,
        b.NextRunAt, b.Runs, b.LastRunAt, b.Reason);
}

/// <summary>
/// The admin's side of broadcasts: write, change a draft, preview, schedule, approve, cancel, and read
/// them with their figures. Every change is one of the broadcast's own transitions, saved only if nobody
/// changed it meanwhile (else computed again on the newer one).
/// </summary>
public sealed partial class BroadcastDesk(
    IBroadcastStore store,
    AudienceResolver resolver,
    IBroadcastEffects effects,
    IOptionsMonitor<BroadcastOptions> options,
    TimeProvider time,
    ILogger<BroadcastDesk> logger)
{
    public const int MaxTitle = 64;
    public const int MaxText = 600;

    /// <summary>WeChat's limit for a customer-service or robot text is 2048 bytes; a margin for the title and the opt-out hint.</summary>
    public const int MaxTextBytes = 1800;

    private const int MaxAttempts = 5;

    public async Task<DeskOutcome> CreateAsync(BroadcastRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = await CheckAsync(request, now, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return DeskOutcome.Fail(DeskError.Invalid, [.. problems]);
        }

        var broadcast = new Broadcast
        {
            Id = NewId(now),
            Content = request.Content,
            Audience = request.Audience,
            Schedule = request.Schedule is { IsNow: true } ? null : request.Schedule,
            Urgent = request.Urgent,
            MassSend = request.MassSend,
            CreatedBy = request.By,
            CreatedAt = now,
            UpdatedAt = now,
            Status = BroadcastStatus.Draft,
        };
        if (!request.Draft)
        {
            var submitted = broadcast.Submit(await NeedsApprovalAsync(broadcast, cancellationToken).ConfigureAwait(false), now);
            if (!submitted.Done)
            {
                return DeskOutcome.Fail(DeskError.Invalid, submitted.Refusal!);
            }

            broadcast = submitted.Changed!;
        }

        await store.SaveAsync(broadcast, 0, cancellationToken).ConfigureAwait(false);
        Log.Created(logger, broadcast.Id, Broadcast.Name(broadcast.Status));
        StartIfDue(broadcast);
        return DeskOutcome.Ok(broadcast);
    }

    /// <summary>
    /// An urgent broadcast that the service itself sends now (a flood warning), under an id the caller
    /// derives from what it announces: made once however often it is asked for, and approved by
    /// <paramref name="by"/> (the operator's configuration stands for the approval). Returns the broadcast as stored.
    /// </summary>
    public async Task<Broadcast> AnnounceAsync(string id, BroadcastContent content, Audience audience, string by, CancellationToken cancellationToken)
    {
        var broadcast = Broadcast.Approved(by, id, content, audience, null, urgent: true, time.GetUtcNow());
        if (await store.SaveAsync(broadcast, 0, cancellationToken).ConfigureAwait(false))
        {
            Log.Created(logger, id, Broadcast.Name(broadcast.Status));
        }
        else
        {
            broadcast = (await store.GetAsync(id, cancellationToken).ConfigureAwait(false)).Broadcast ?? broadcast;
        }

        StartIfDue(broadcast);
        return broadcast;
    }

    public async Task<DeskOutcome> UpdateAsync(string id, BroadcastRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var problems = await CheckAsync(request, now, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return DeskOutcome.Fail(DeskError.Invalid, [.. problems]);
        }

        var schedule = request.Schedule is { IsNow: true } ? null : request.Schedule;
        return await ChangeAsync(id, b => Task.FromResult(b.Edit(request.Content, request.Audience, schedule, request.Urgent, request.MassSend, now)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Schedules a draft: it waits for approval when it reaches more than one grid or every resident.</summary>
    public Task<DeskOutcome> ScheduleAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, async b => b.Status != BroadcastStatus.Draft
            ? b.Submit(false, time.GetUtcNow())
            : b.Schedule?.Problem(time.GetUtcNow()) is { } problem
                ? BroadcastResult.Refused(problem)
                : b.Submit(await NeedsApprovalAsync(b, cancellationToken).ConfigureAwait(false), time.GetUtcNow()), cancellationToken);

    public Task<DeskOutcome> ApproveAsync(string id, string by, bool sharedKey, CancellationToken cancellationToken) =>
        ChangeAsync(id, b => Task.FromResult(b.Approve(by, sharedKey, time.GetUtcNow())), cancellationToken);

    public Task<DeskOutcome> CancelAsync(string id, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, b => Task.FromResult(b.Cancel(by, time.GetUtcNow())), cancellationToken);

    public async Task<AudiencePreview> PreviewAsync(Audience audience, bool urgent, bool massSend, CancellationToken cancellationToken)
    {
        var recipients = await resolver.ResolveAsync(audience, urgent, massSend, cancellationToken).ConfigureAwait(false);
        var grids = recipients.Select(r => r.Grid).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        int? massLeft = null;
        if (massSend && recipients.FirstOrDefault(r => r.Kind == RecipientKinds.Followers) is { } followers)
        {
            var used = await store.MassSentAsync(followers.Key.Scope, Month(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            massLeft = Math.Max(0, options.CurrentValue.MassSendsPerMonth - used);
        }

        return new AudiencePreview(
            recipients.Count(r => !r.OptedOut),
            recipients.Count(r => r.OptedOut),
            recipients.Where(r => !r.OptedOut).GroupBy(r => r.Key.Channel).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            recipients.Where(r => !r.OptedOut).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            grids,
            NeedsApproval(audience, massSend, grids.Count),
            [.. recipients.Take(10).Select(r => new PreviewRecipient(r.Key.Channel, r.Kind, r.Name, r.Grid, r.OptedOut))],
            massLeft);
    }

    public async Task<BroadcastView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var (broadcast, _) = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return broadcast is null ? null : BroadcastView.Of(broadcast, await FiguresAsync(broadcast, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<BroadcastView>> ListAsync(BroadcastStatus? status, int limit, CancellationToken cancellationToken)
    {
        var views = new List<BroadcastView>();
        foreach (var broadcast in await store.ListAsync(status is null ? limit : 1000, cancellationToken).ConfigureAwait(false))
        {
            if (status is null || broadcast.Status == status)
            {
                views.Add(BroadcastView.Of(broadcast, await FiguresAsync(broadcast, cancellationToken).ConfigureAwait(false)));
            }

            if (views.Count == limit)
            {
                break;
            }
        }

        return views;
    }

    /// <summary>A page of the recipients of a run (the latest when <paramref name="run"/> is null); null when the broadcast or run is unknown.</summary>
    public async Task<(int Run, IReadOnlyList<RecipientState> Recipients)?> RecipientsAsync(string id, int? run, int offset, int limit, CancellationToken cancellationToken)
    {
        var (broadcast, _) = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var number = run ?? broadcast?.Runs ?? 0;
        if (broadcast is null || number < 1 || number > broadcast.Runs)
        {
            return null;
        }

        return (number, await store.PageAsync(new RunId(id, number), offset, limit, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The month a mass message counts against (China time).</summary>
    public static string Month(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<BroadcastFigures> FiguresAsync(Broadcast broadcast, CancellationToken cancellationToken) =>
        broadcast.Runs > 0 && await store.FiguresAsync(new RunId(broadcast.Id, broadcast.Runs), cancellationToken).ConfigureAwait(false) is { } figures
            ? BroadcastFigures.Of(figures)
            : BroadcastFigures.None;

    private async Task<DeskOutcome> ChangeAsync(string id, Func<Broadcast, Task<BroadcastResult>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (broadcast, revision) = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (broadcast is null)
            {
                return DeskOutcome.Fail(DeskError.NotFound);
            }

            var result = await change(broadcast).ConfigureAwait(false);
            if (!result.Done)
            {
                return DeskOutcome.Fail(DeskError.Conflict, result.Refusal!);
            }

            if (await store.SaveAsync(result.Changed!, revision, cancellationToken).ConfigureAwait(false))
            {
                Log.Changed(logger, id, Broadcast.Name(broadcast.Status), Broadcast.Name(result.Changed!.Status));
                StartIfDue(result.Changed!);
                return DeskOutcome.Ok(result.Changed!);
            }
        }

        return DeskOutcome.Fail(DeskError.Conflict, "The broadcast kept changing; try again.");
    }

    /// <summary>A broadcast due now starts at once instead of at the next minute's sweep.</summary>
    private void StartIfDue(Broadcast broadcast)
    {
        if (broadcast is { Status: BroadcastStatus.Scheduled, NextRunAt: { } at } && at <= time.GetUtcNow())
        {
            effects.Due(broadcast.Id);
        }
    }

    private async Task<bool> NeedsApprovalAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var recipients = await resolver.ResolveAsync(broadcast.Audience, broadcast.Urgent, broadcast.MassSend, cancellationToken).ConfigureAwait(false);
        var grids = recipients.Select(r => r.Grid).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return NeedsApproval(broadcast.Audience, broadcast.MassSend, grids);
    }

    private bool NeedsApproval(Audience audience, bool massSend, int grids)
    {
        var settings = options.CurrentValue;
        return massSend || grids > settings.ApprovalAboveGrids || (settings.ApproveAllResidents && audience.Residents is { All: true });
    }

    private async Task<List<string>> CheckAsync(BroadcastRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var content = request.Content;
        if (string.IsNullOrWhiteSpace(content.Title) || content.Title.Length > MaxTitle)
        {
            problems.Add($"title: 1-{MaxTitle} characters.");
        }

        if (content.Series is { } series && !string.Equals(series, AntiFraudLibrary.Series, StringComparison.Ordinal))
        {
            problems.Add($"series: only \"{AntiFraudLibrary.Series}\" is known.");
        }

        if (content.Series is null && (string.IsNullOrWhiteSpace(content.Text) || content.Text.Length > MaxText || Encoding.UTF8.GetByteCount(content.Text) > MaxTextBytes))
        {
            problems.Add($"text: 1-{MaxText} characters (at most {MaxTextBytes} bytes in UTF-8: WeChat's limit).");
        }

        if (content.Markdown is { } markdown && Encoding.UTF8.GetByteCount(markdown) > 4000)
        {
            problems.Add("markdown: at most 4000 bytes in UTF-8 (a robot's limit is 4096).");
        }

        if (content.Link is { } link && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            problems.Add("link: an absolute http(s) address.");
        }

        if (request.MassSend && !request.Urgent)
        {
            problems.Add("massSend: only for urgent broadcasts (a mass message reaches residents who opted out too, and each follower gets at most 4 a month).");
        }

        if (request.Audience.IsEmpty)
        {
            problems.Add("audience: name at least one of groups, residents, roles, people, households.");
        }

        problems.AddRange(await resolver.CheckAsync(request.Audience, cancellationToken).ConfigureAwait(false));
        if (request.Schedule?.Problem(now) is { } schedule)
        {
            problems.Add("schedule: " + schedule);
        }

        return problems;
    }

    private static string NewId(DateTimeOffset now) =>
        $"b{ChinaTime.ToChina(now):yyyyMMdd}-{Guid.NewGuid().ToString("N")[..8]}";
}
