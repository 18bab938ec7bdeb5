using System.Text.Json;

namespace NeighborBot.Directory;

/// <summary>
/// The directory as one document with a revision number, and the history of its latest revisions.
/// Redis and in-process, with the same rules (the store contract tests run against both).
/// </summary>
public interface IDirectoryStore
{
    /// <summary>The document and its revision; revision 0 and an empty document when none was stored.</summary>
    Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken);

    Task<long> GetRevisionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="document"/> as <paramref name="revision"/> (the one after
    /// <paramref name="basis"/>) only while <paramref name="basis"/> is still the stored revision
    /// (compare-and-swap), and keeps it in the history with the newest <paramref name="keep"/>
    /// revisions. When the history lacks <paramref name="basis"/> (stored before revisions were kept),
    /// it is kept first, so that every change can be undone. False, and nothing changed, when another
    /// change was stored since <paramref name="basis"/> was read.
    /// </summary>
    Task<bool> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, DirectoryRevision revision, int keep, CancellationToken cancellationToken);

    /// <summary>The kept revisions, newest (the current one) first.</summary>
    Task<IReadOnlyList<DirectoryRevision>> ListRevisionsAsync(CancellationToken cancellationToken);

    /// <summary>The document of a kept revision; null when it is not (or no longer) kept.</summary>
    Task<DirectoryDocument?> ReadRevisionAsync(long revision, CancellationToken cancellationToken);
}

internal static class DirectoryStoreRules
{
    /// <summary>The history entry of a basis that was stored before revisions were kept.</summary>
    public static DirectoryRevision Earlier(DirectorySnapshot basis) =>
        DirectoryRevision.Of(basis.Revision, basis.Document, DirectoryRevision.Earlier, at: null);

    public static void CheckFollows(DirectorySnapshot basis, DirectoryRevision revision, int keep)
    {
        if (revision.Revision != basis.Revision + 1)
        {
            throw new ArgumentException($"Revision {revision.Revision} does not follow the basis, revision {basis.Revision}.", nameof(revision));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
    }
}
