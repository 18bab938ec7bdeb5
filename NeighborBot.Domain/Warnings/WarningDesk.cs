using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Broadcasts;
using NeighborBot.Directory;
using NeighborBot.Outbox;

namespace NeighborBot.Warnings;

/// <summary>What became of an alert read from a feed.</summary>
public enum IngestResult
{
    /// <summary>A new warning.</summary>
    New,

    /// <summary>An update applied to the warning it refers to.</summary>
    Updated,

    /// <summary>A cancel applied to the warning it refers to.</summary>
    Cancelled,

    /// <summary>Applied before (the same alert read again).</summary>
    Seen,

    /// <summary>Not for the community: another area, another event, below the threshold, a test, or a cancel of an alert never taken.</summary>
    Ignored,
}

/// <summary>How a confirmation from chat went.</summary>
public enum ConfirmResult
{
    Recorded,
    NoActiveTransfers,
    NotOnList,
}

/// <summary>
/// Flood warnings, 三个早: an alert (from a feed, by hand) is announced to the groups, the workers and the
/// low-lying households; from orange on, every vulnerable household goes on a transfer list and its
/// paired volunteers get it; what nobody confirms goes to the grid worker, then the grid leader. Every
/// step can run again (a poll and the admin's poll at once, a process killed half-way): a warning is
/// saved only on the revision it was read at, a version is announced under the broadcast id it names,
/// and each message goes to the outbox under an id of the warning, the step and the person.
/// </summary>
public sealed partial class WarningDesk(
    IWarningStore store,
    DirectoryCache directory,
    BroadcastDesk broadcasts,
    IOutbox outbox,
    Reach reach,
    IOptionsMonitor<WarningOptions> options,
    TimeProvider time,
    ILogger<WarningDesk> logger)
{
    /// <summary>Who the service's own broadcasts and confirmations are by.</summary>
    public const string By = "warnings";

    private const int MaxAttempts = 10;
    private const int Recent = 50;

    public async Task<IngestResult> IngestAsync(CapAlert alert, string feed, CancellationToken cancellationToken)
    {
        if (!string.Equals(alert.Status, "Actual", StringComparison.OrdinalIgnoreCase))
        {
            return IngestResult.Ignored;
        }

        if (await store.FindAsync(alert.Key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return IngestResult.Seen;
        }

        var settings = options.CurrentValue;
        var info = alert.Infos
            .Where(i => settings.IsFloodEvent(i.Event) && settings.Concerns(i))
            .OrderByDescending(i => i.Language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true)
            .FirstOrDefault();
        string? earlier = null;
        foreach (var reference in alert.References)
        {
            earlier ??= await store.FindAsync(reference.Key, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        Warning? result;
        IngestResult outcome;
        switch (alert.MsgType)
        {
            case "Cancel" when earlier is not null:
                result = await ChangeAsync(earlier, w => w.Keys.Contains(alert.Key) ? null : Cancelled(w with { Keys = [.. w.Keys, alert.Key] }, feed, now), cancellationToken)
                    .ConfigureAwait(false);
                outcome = IngestResult.Cancelled;
                break;
            case "Update" when earlier is not null:
                var update = info ?? alert.Infos.FirstOrDefault(i => settings.IsFloodEvent(i.Event));
                result = update is null ? null : await ChangeAsync(earlier, w => w.Keys.Contains(alert.Key) || !w.IsActive ? null : Described(w, alert, update, now) with
                {
                    Keys = [.. w.Keys, alert.Key],
                    Version = w.Version + 1,
                }, cancellationToken).ConfigureAwait(false);
                outcome = IngestResult.Updated;
                break;
            case "Alert" or "Update" when info is not null && info.Severity >= settings.MinSeverity:
                var created = Described(new Warning
                {
                    Id = IdOf(alert),
                    Keys = [alert.Key],
                    Source = feed,
                    Status = WarningStatus.Active,
                    CreatedAt = now,
                }, alert, info, now);
                result = await store.SaveAsync(created, 0, cancellationToken).ConfigureAwait(false) ? created : null;
                outcome = IngestResult.New;
                break;
            default:
                return IngestResult.Ignored;
        }

        if (result is null)
        {
            return IngestResult.Seen;
        }

        Log.Ingested(logger, result.Id, alert.MsgType, feed, result.Severity.ToString());
        await AnnounceAsync(result, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>A warning by hand (an admin on a flood night): the same flow as a feed's.</summary>
    public async Task<Warning> IssueAsync(string title, string text, CapSeverity severity, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = $"w{ChinaTime.ToChina(now):yyyyMMdd}-{Guid.NewGuid().ToString("N")[..8]}";
        var warning = new Warning
        {
            Id = id,
            Keys = [$"manual:{id}"],
            Source = $"admin:{by}",
            Event = title,
            Title = title,
            Text = text,
            Severity = severity,
            Status = WarningStatus.Active,
            Sent = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.SaveAsync(warning, 0, cancellationToken).ConfigureAwait(false);
        Log.Issued(logger, id, severity.ToString());
        return await AnnounceAsync(warning, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts an active warning by hand; null when unknown, unchanged when no longer active.</summary>
    public async Task<Warning?> CancelAsync(string id, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await ChangeAsync(id, w => w.IsActive ? Cancelled(w, $"admin:{by}", now) : null, cancellationToken).ConfigureAwait(false);
        return changed is null
            ? (await store.GetAsync(id, cancellationToken).ConfigureAwait(false)).Warning
            : await AnnounceAsync(changed, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Warning?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetAsync(id, cancellationToken).ConfigureAwait(false)).Warning;

    public Task<IReadOnlyList<Warning>> ListAsync(int limit, CancellationToken cancellationToken) => store.ListAsync(limit, cancellationToken);

    /// <summary>
    /// 已转移 / 已联系 … 不需要转移 / 联系不上 from a volunteer or worker, for a household on an active
    /// warning's list. The grid worker hears at once of a household nobody could reach; whoever it had
    /// been escalated to hears that it was confirmed after all.
    /// </summary>
    public async Task<(ConfirmResult Result, string Reply)> ConfirmAsync(Person by, string household, CheckState state, string? note, CancellationToken cancellationToken)
    {
        var active = (await store.ListAsync(Recent, cancellationToken).ConfigureAwait(false)).Where(w => w is { IsActive: true, TransfersFrom: not null }).ToList();
        if (active.Count == 0)
        {
            return (ConfirmResult.NoActiveTransfers, WarningTexts.NoActiveTransfers);
        }

        if (active.Find(w => w.Check(household) is not null) is not { } target)
        {
            return (ConfirmResult.NotOnList, WarningTexts.NotOnList(household));
        }

        var now = time.GetUtcNow();
        var changed = await ChangeAsync(target.Id, w => w.Check(household) is { } check
            ? w.WithCheck(check with { State = state, By = by.Id, At = now, Note = note })
            : null, cancellationToken).ConfigureAwait(false) ?? target;
        var confirmed = changed.Check(household)!;
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        Log.Confirmed(logger, changed.Id, state.ToString());

        if (state == CheckState.Unreachable)
        {
            foreach (var worker in Supervisors(snapshot, confirmed.Grid, 1))
            {
                await TellAsync(changed, $"unreach:{household}", worker, WarningTexts.Unreachable(changed, confirmed, by, snapshot), cancellationToken).ConfigureAwait(false);
            }
        }
        else if (confirmed.Escalated > 0)
        {
            foreach (var boss in Enumerable.Range(1, confirmed.Escalated).SelectMany(stage => Supervisors(snapshot, confirmed.Grid, stage)).Where(p => p.Id != by.Id).DistinctBy(p => p.Id))
            {
                await TellAsync(changed, $"late:{household}", boss, WarningTexts.ConfirmedLate(changed, confirmed, by), cancellationToken).ConfigureAwait(false);
            }
        }

        var stillMine = changed.Households.Where(h => h.State == CheckState.Pending && Responsible(h, by, snapshot)).ToList();
        return (ConfirmResult.Recorded, WarningTexts.Recorded(changed, confirmed, stillMine, snapshot));
    }

    /// <summary>转移名单: the households still pending that this person checks (as a paired volunteer, or the grid's worker), in every active warning.</summary>
    public async Task<string> MineAsync(Person person, CancellationToken cancellationToken)
    {
        var active = (await store.ListAsync(Recent, cancellationToken).ConfigureAwait(false)).Where(w => w is { IsActive: true, TransfersFrom: not null }).ToList();
        if (active.Count == 0)
        {
            return WarningTexts.NoActiveTransfers;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var settings = options.CurrentValue;
        var lists = active
            .Select(w => (Warning: w, Checks: w.Households.Where(h => h.State is CheckState.Pending or CheckState.Unreachable && Responsible(h, person, snapshot)).ToList()))
            .Where(x => x.Checks.Count > 0)
            .Select(x => WarningTexts.Transfers(x.Warning, x.Checks, snapshot, settings))
            .ToList();
        return lists.Count > 0 ? string.Join("\n\n", lists) : WarningTexts.AllConfirmed;
    }

    /// <summary>
    /// The minutely sweep: makes up announcements a dead process left unmade, lets expired warnings go,
    /// and sends what nobody confirmed in time to the grid worker (stage 1), then to the grid leader (stage 2).
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        foreach (var listed in await store.ListAsync(Recent, cancellationToken).ConfigureAwait(false))
        {
            var warning = listed;
            if (warning.Announced < warning.Version)
            {
                warning = await AnnounceAsync(warning, cancellationToken).ConfigureAwait(false);
            }

            var now = time.GetUtcNow();
            if (warning is { IsActive: true, Expires: { } expires } && expires <= now)
            {
                await ChangeAsync(warning.Id, w => w.IsActive ? w with { Status = WarningStatus.Expired, UpdatedAt = now } : null, cancellationToken).ConfigureAwait(false);
                Log.Expired(logger, warning.Id);
                continue;
            }

            if (warning is not { IsActive: true, TransfersFrom: { } from })
            {
                continue;
            }

            if (now >= from + settings.ConfirmWithin + settings.EscalateAfter)
            {
                warning = await EscalateAsync(warning, 2, cancellationToken).ConfigureAwait(false);
            }
            else if (now >= from + settings.ConfirmWithin)
            {
                await EscalateAsync(warning, 1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Announces the warning's current version once: its broadcast, and from orange on the transfer list
    /// and each volunteer's households (at a cancel, volunteers with households pending hear it is over).
    /// </summary>
    private async Task<Warning> AnnounceAsync(Warning warning, CancellationToken cancellationToken)
    {
        if (warning.Announced >= warning.Version)
        {
            return warning;
        }

        var settings = options.CurrentValue;
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var version = warning.Version;
        await broadcasts.AnnounceAsync(
            warning.BroadcastId(version),
            new BroadcastContent(WarningTexts.Title(warning), WarningTexts.Notice(warning, settings)),
            Audience(settings),
            By,
            cancellationToken).ConfigureAwait(false);

        if (warning.IsActive && warning.Severity >= settings.TransferFrom)
        {
            var now = time.GetUtcNow();
            warning = await ChangeAsync(warning.Id, w => w.TransfersFrom is null ? w with { TransfersFrom = now, Households = TransferList(snapshot, settings) } : null, cancellationToken)
                .ConfigureAwait(false) ?? warning;
            foreach (var (person, checks) in Assignments(warning, snapshot))
            {
                await TellAsync(warning, "list", person, WarningTexts.Transfers(warning, checks, snapshot, settings), cancellationToken).ConfigureAwait(false);
            }
        }
        else if (warning.Status == WarningStatus.Cancelled)
        {
            foreach (var (person, _) in Assignments(warning with { Households = [.. warning.Households.Where(h => h.State == CheckState.Pending)] }, snapshot))
            {
                await TellAsync(warning, "lifted", person, WarningTexts.Lifted(warning), cancellationToken).ConfigureAwait(false);
            }
        }

        Log.Announced(logger, warning.Id, version);
        return await ChangeAsync(warning.Id, w => w.Announced >= version ? null : w with { Announced = version }, cancellationToken).ConfigureAwait(false)
            ?? (await store.GetAsync(warning.Id, cancellationToken).ConfigureAwait(false)).Warning ?? warning;
    }

    /// <summary>Households still pending (or unreachable) go to each grid's workers (stage 1) or leaders (stage 2), one message each, then are marked.</summary>
    private async Task<Warning> EscalateAsync(Warning warning, int stage, CancellationToken cancellationToken)
    {
        var due = warning.Households.Where(h => h.State is CheckState.Pending or CheckState.Unreachable && h.Escalated < stage).ToList();
        if (due.Count == 0)
        {
            return warning;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var grid in due.GroupBy(h => h.Grid))
        {
            foreach (var person in Supervisors(snapshot, grid.Key, stage))
            {
                await TellAsync(warning, $"esc{stage}", person, WarningTexts.Unconfirmed(warning, grid, snapshot, stage), cancellationToken).ConfigureAwait(false);
            }
        }

        Log.Escalated(logger, warning.Id, stage, due.Count);
        var ids = due.Select(h => h.Household).ToHashSet(StringComparer.Ordinal);
        return await ChangeAsync(warning.Id, w => w with
        {
            Households = [.. w.Households.Select(h => ids.Contains(h.Household) && h.Escalated < stage ? h with { Escalated = stage } : h)],
        }, cancellationToken).ConfigureAwait(false) ?? warning;
    }

    /// <summary>Every household with a tag of <see cref="WarningOptions.TransferTags"/>, with the volunteers paired with it.</summary>
    private static List<HouseholdCheck> TransferList(DirectorySnapshot snapshot, WarningOptions settings) =>
    [
        .. snapshot.Document.Households
            .Where(h => h.Tags.Any(t => settings.TransferTags.Contains(t, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(h => h.Building).ThenBy(h => h.Unit).ThenBy(h => h.Room, StringComparer.Ordinal)
            .Select(h => new HouseholdCheck
            {
                Household = h.Id,
                Grid = snapshot.GridOfBuilding(h.Building)?.Id,
                Volunteers = [.. snapshot.WithRole(Role.Volunteer).Where(v => v.Households.Contains(h.Id, StringComparer.Ordinal)).Select(v => v.Id)],
            }),
    ];

    /// <summary>Who checks which households: each paired volunteer; the grid's workers for a household nobody is paired with.</summary>
    private static IEnumerable<(Person Person, List<HouseholdCheck> Checks)> Assignments(Warning warning, DirectorySnapshot snapshot) =>
        warning.Households
            .SelectMany(h => h.Volunteers.Count > 0
                ? h.Volunteers.Select(snapshot.Person).OfType<Person>().Select(p => (Person: p, Check: h))
                : Supervisors(snapshot, h.Grid, 1).Select(p => (Person: p, Check: h)))
            .GroupBy(x => x.Person.Id)
            .Select(g => (g.First().Person, g.Select(x => x.Check).ToList()));

    private static bool Responsible(HouseholdCheck check, Person person, DirectorySnapshot snapshot) =>
        check.Volunteers.Contains(person.Id) || (check.Volunteers.Count == 0 && Supervisors(snapshot, check.Grid, 1).Any(p => p.Id == person.Id));

    /// <summary>Stage 1: the grid's workers; stage 2: its leaders. A grid without them: the next up, then the secretary.</summary>
    private static List<Person> Supervisors(DirectorySnapshot snapshot, string? grid, int stage)
    {
        string[] roles = stage == 1 ? [Role.GridWorker, Role.GridLeader] : [Role.GridLeader];
        foreach (var role in roles)
        {
            if (grid is not null && snapshot.WithRole(role, grid).ToList() is { Count: > 0 } found)
            {
                return found;
            }
        }

        return [.. snapshot.WithRole(Role.Secretary)];
    }

    private static Audience Audience(WarningOptions settings) => new()
    {
        Groups = GroupChoice.Everyone,
        Roles = [Role.GridWorker, Role.GridLeader, Role.Secretary, Role.Volunteer],
        Residents = new ResidentChoice(false, [], settings.ResidentTags),
    };

    /// <summary>Queues one message about the warning to a person, under an id of the warning, the step and the person: sent once.</summary>
    private async Task TellAsync(Warning warning, string step, Person person, string text, CancellationToken cancellationToken)
    {
        if (reach.Staff(person) is not { } to)
        {
            return;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = "【紧急】" + WarningTexts.Title(warning),
            ["text"] = text,
            ["time"] = ChinaTime.ToChina(time.GetUtcNow()).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        };
        await outbox.QueueAsync(new OutboundMessage($"warn:{warning.Id}:{step}:{person.Id}", to, MessageKinds.Notice, text, fields), cancellationToken).ConfigureAwait(false);
    }

    private static Warning Described(Warning w, CapAlert alert, CapInfo info, DateTimeOffset now) => w with
    {
        Event = info.Event,
        Title = info.Headline ?? $"{info.Event}{CapParser.Colour(info.Severity)}预警",
        Text = info.Description ?? info.Headline ?? info.Event,
        Instruction = info.Instruction,
        Severity = info.Severity,
        Sent = alert.Sent,
        Expires = info.Expires,
        UpdatedAt = now,
    };

    private static Warning Cancelled(Warning w, string by, DateTimeOffset now) =>
        w with { Status = WarningStatus.Cancelled, CancelledBy = by, Version = w.Version + 1, UpdatedAt = now };

    /// <summary>The same alert gets the same id in every process: two polls at once save one warning.</summary>
    private static string IdOf(CapAlert alert) =>
        $"w{ChinaTime.ToChina(alert.Sent):yyyyMMdd}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)))[..8]}";

    /// <summary>Applies a change (null: nothing to change) to the stored warning, again on a newer one if someone saved meanwhile; the saved warning, or null when nothing changed.</summary>
    private async Task<Warning?> ChangeAsync(string id, Func<Warning, Warning?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (current, revision) = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null || change(current) is not { } changed)
            {
                return null;
            }

            if (await store.SaveAsync(changed, revision, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }
        }

        throw new InvalidOperationException($"Warning {id} kept changing during {MaxAttempts} attempts.");
    }
}
