using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace NeighborBot.Directory;

/// <summary>Why a directory change was not saved.</summary>
public enum DirectoryRefusal
{
    None,

    /// <summary>The directory after the change would have problems; every one is listed.</summary>
    Invalid,

    /// <summary>Valid, but it removes more than <see cref="DirectoryOptions.MaxRemovalShare"/>; the admin has to confirm.</summary>
    Unconfirmed,

    /// <summary>The entry or revision to change is not there.</summary>
    NotFound,

    /// <summary>Other changes kept coming first, <see cref="DirectoryEditor.Attempts"/> times.</summary>
    Conflict,
}

/// <summary>What became of a change: the saved revision, or why nothing changed and every reason.</summary>
public sealed record DirectoryOutcome(DirectoryRefusal Refusal, DirectorySnapshot? Saved, IReadOnlyList<string> Problems, DirectoryRemoval? Removal = null)
{
    [MemberNotNullWhen(true, nameof(Saved))]
    public bool Succeeded => Refusal == DirectoryRefusal.None && Saved is not null;
}

/// <summary>
/// Every admin change of the stored directory: imports of the whole (JSON) or of its households (CSV),
/// single households and people, and restores of an earlier revision. A change is computed on the
/// stored revision, the whole directory it makes is validated, an import that removes a large share of
/// households or people waits for confirmation, and it is saved only if that revision is still the
/// stored one (compare-and-swap). Otherwise it is computed again on the newer revision, so two changes
/// at once are both kept (an import racing a single change, or a CSV import racing a full one, never
/// silently loses either); each revision stays in the history to be restored.
/// </summary>
internal sealed class DirectoryEditor(IDirectoryStore store, DirectoryCache cache, IOptions<DirectoryOptions> options)
{
    /// <summary>
    /// A change fails its compare-and-swap only when another one was saved meanwhile, so with fewer
    /// changes than this at the same moment every one of them is saved.
    /// </summary>
    public const int Attempts = 10;

    private DirectoryOptions Options => options.Value;

    /// <summary>Replaces the whole directory (the JSON import); guarded unless <paramref name="confirmed"/>.</summary>
    public Task<DirectoryOutcome> ImportAsync(DirectoryDocument document, bool confirmed, CancellationToken cancellationToken)
    {
        var problems = DirectoryValidator.Validate(document);
        return ChangeAsync(current => Guarded(current, document, problems, confirmed, "json import"), cancellationToken);
    }

    /// <summary>
    /// Replaces the households with those of a CSV (see <see cref="DirectoryCsv"/>); guarded unless <paramref name="confirmed"/>.
    /// <paramref name="change"/> names it in the revisions (the console's Excel import is read as CSV).
    /// </summary>
    public Task<DirectoryOutcome> ImportHouseholdsAsync(string csv, bool confirmed, CancellationToken cancellationToken, string change = "csv import") =>
        ChangeAsync(current =>
        {
            var import = DirectoryCsv.ImportHouseholds(current, csv);
            return Guarded(current, import.Document, import.Problems, confirmed, change);
        }, cancellationToken);

    /// <summary>Adds the household, or replaces the one with its id where it stands.</summary>
    public Task<DirectoryOutcome> PutHouseholdAsync(Household household, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
        {
            var (households, added) = Put(current.Households, household, h => h.Id, StringComparer.OrdinalIgnoreCase);
            return Checked(current with { Households = households }, $"household {household.Id} {(added ? "added" : "changed")}");
        }, cancellationToken);

    public Task<DirectoryOutcome> RemoveHouseholdAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
            Remove(current.Households, id, h => h.Id, StringComparer.OrdinalIgnoreCase) is { } households
                ? Checked(current with { Households = households }, $"household {id} removed")
                : Proposal.Missing($"There is no household '{id}' in the directory."), cancellationToken);

    /// <summary>Adds the person, or replaces the one with their id where they stand.</summary>
    public Task<DirectoryOutcome> PutPersonAsync(Person person, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
        {
            var (people, added) = Put(current.People, person, p => p.Id, StringComparer.Ordinal);
            return Checked(current with { People = people }, $"person {person.Id} {(added ? "added" : "changed")}");
        }, cancellationToken);

    public Task<DirectoryOutcome> RemovePersonAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
            Remove(current.People, id, p => p.Id, StringComparer.Ordinal) is { } people
                ? Checked(current with { People = people }, $"person {id} removed")
                : Proposal.Missing($"There is no person '{id}' in the directory."), cancellationToken);

    /// <summary>Maps a group (a bridge's or a WeCom robot's) to its grid, or changes its name or grid.</summary>
    public Task<DirectoryOutcome> PutGroupAsync(ChatGroup group, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
        {
            var (groups, added) = Put(current.Groups ?? [], group, g => $"{g.Bridge}|{g.Id}", StringComparer.Ordinal);
            return Checked(current with { Groups = groups }, $"group {group.Id} {(added ? "added" : "changed")}");
        }, cancellationToken);

    public Task<DirectoryOutcome> RemoveGroupAsync(string source, string id, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
            Remove(current.Groups ?? [], $"{source}|{id}", g => $"{g.Bridge}|{g.Id}", StringComparer.Ordinal) is { } groups
                ? Checked(current with { Groups = groups }, $"group {id} removed")
                : Proposal.Missing($"There is no group '{id}' of '{source}' in the directory."), cancellationToken);

    /// <summary>
    /// Brings a kept revision back as a new revision. It is validated like any change (the rules may
    /// have grown since), but not guarded: choosing a revision is the admin's explicit act.
    /// </summary>
    public async Task<DirectoryOutcome> RestoreAsync(long revision, CancellationToken cancellationToken)
    {
        if (await store.ReadRevisionAsync(revision, cancellationToken).ConfigureAwait(false) is not { } document)
        {
            return new DirectoryOutcome(DirectoryRefusal.NotFound, null,
                [$"Revision {revision} is not kept; the last {Options.KeepRevisions} revisions are (GET /api/admin/directory/revisions)."]);
        }

        var problems = DirectoryValidator.Validate(document);
        return await ChangeAsync(_ => problems.Count > 0 ? Proposal.Invalid(problems) : Proposal.Save(document, $"revision {revision} restored"), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<DirectoryOutcome> ChangeAsync(Func<DirectoryDocument, Proposal> propose, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // From the store, not this instance's copy, which may be a few seconds old.
            var current = await store.GetAsync(cancellationToken).ConfigureAwait(false);
            var proposal = propose(current.Document);
            if (proposal.Refusal != DirectoryRefusal.None)
            {
                return new DirectoryOutcome(proposal.Refusal, null, proposal.Problems, proposal.Removal);
            }

            if (await cache.TrySaveAsync(current, proposal.Document!, proposal.Change, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                return new DirectoryOutcome(DirectoryRefusal.None, saved, [], proposal.Removal);
            }
        }

        return new DirectoryOutcome(DirectoryRefusal.Conflict, null,
            [$"The directory was changed {Attempts} times by others while this change was being made; nothing changed. Send it again."]);
    }

    private Proposal Guarded(DirectoryDocument current, DirectoryDocument next, IReadOnlyList<string> problems, bool confirmed, string change)
    {
        if (problems.Count > 0)
        {
            return Proposal.Invalid(problems);
        }

        var removal = DirectoryRemoval.Between(current, next);
        IReadOnlyList<string> reasons = confirmed ? [] : removal.Beyond(Options.MaxRemovalShare);
        return reasons.Count > 0
            ? new Proposal(null, change, DirectoryRefusal.Unconfirmed, reasons, removal)
            : Proposal.Save(next, change) with { Removal = removal };
    }

    private static Proposal Checked(DirectoryDocument next, string change) =>
        DirectoryValidator.Validate(next) is { Count: > 0 } problems ? Proposal.Invalid(problems) : Proposal.Save(next, change);

    /// <summary>A new list with the item in place of the one with its id, or added at the end.</summary>
    private static (List<T> Items, bool Added) Put<T>(List<T> items, T item, Func<T, string> id, StringComparer comparer)
    {
        List<T> copy = [.. items];
        var index = copy.FindIndex(i => comparer.Equals(id(i), id(item)));
        if (index < 0)
        {
            copy.Add(item);
        }
        else
        {
            copy[index] = item;
        }

        return (copy, index < 0);
    }

    /// <summary>A new list without the items of that id, or null when there is none.</summary>
    private static List<T>? Remove<T>(List<T> items, string id, Func<T, string> idOf, StringComparer comparer)
    {
        List<T> kept = [.. items.Where(i => !comparer.Equals(idOf(i), id))];
        return kept.Count == items.Count ? null : kept;
    }

    /// <summary>What a change would make of the current directory, or why it may not.</summary>
    private sealed record Proposal(DirectoryDocument? Document, string Change, DirectoryRefusal Refusal, IReadOnlyList<string> Problems, DirectoryRemoval? Removal = null)
    {
        public static Proposal Save(DirectoryDocument document, string change) => new(document, change, DirectoryRefusal.None, []);

        public static Proposal Invalid(IReadOnlyList<string> problems) => new(null, string.Empty, DirectoryRefusal.Invalid, problems);

        public static Proposal Missing(string problem) => new(null, string.Empty, DirectoryRefusal.NotFound, [problem]);
    }
}
