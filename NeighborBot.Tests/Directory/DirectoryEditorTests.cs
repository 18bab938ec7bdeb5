using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Directory;
using NeighborBot.Storage;

namespace NeighborBot.Tests.Directory;

/// <summary>
/// Changes of the directory on the in-process store: guarded imports, single entries, restores, and
/// changes that race each other (the store is wrapped so that another change lands between a change's
/// read and its save).
/// </summary>
public sealed class DirectoryEditorTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-27T09:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
    private static CancellationToken Ct => CancellationToken.None;

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InProcessDirectoryStore _store;
    private readonly RacingStore _racing;
    private readonly DirectoryEditor _editor;

    public DirectoryEditorTests()
    {
        _store = new InProcessDirectoryStore(new InProcessMap(_time));
        _racing = new RacingStore(_store);
        var options = Options.Create(new DirectoryOptions());
        _editor = new DirectoryEditor(_racing, new DirectoryCache(_racing, _time, options), options);
    }

    /// <summary>One grid over buildings 1-9, <paramref name="households"/> homes in building 1, a worker and a volunteer for the first home.</summary>
    private static DirectoryDocument Community(int households = 10) => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4, 5, 6, 7, 8, 9] }],
        Households = [.. Enumerable.Range(1, households).Select(Home)],
        People =
        [
            new Person { Id = "w1", Name = "张伟", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "v1", Name = "刘洋", Roles = [Role.Volunteer], Households = ["1-1-1"] },
        ],
    };

    private static Household Home(int room) => new() { Id = $"1-1-{room}", Building = 1, Unit = 1, Room = room.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static string Csv(IEnumerable<int> rooms) =>
        "id,building,unit,room,tags\n" + string.Concat(rooms.Select(r => $"1-1-{r},1,1,{r},\n"));

    private async Task<long> SeedAsync(DirectoryDocument document)
    {
        var outcome = await _editor.ImportAsync(document, confirmed: false, Ct);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems));
        return outcome.Saved.Revision;
    }

    private async Task<DirectoryDocument> StoredAsync() => (await _store.GetAsync(Ct)).Document;

    [Fact]
    public async Task An_import_that_removes_more_than_a_fifth_of_the_households_waits_for_confirmation_and_changes_nothing()
    {
        var revision = await SeedAsync(Community(households: 10));

        var outcome = await _editor.ImportAsync(Community(households: 7), confirmed: false, Ct);

        Assert.Equal(DirectoryRefusal.Unconfirmed, outcome.Refusal);
        Assert.Equal(new DirectoryRemoval(3, 10, 0, 2), outcome.Removal);
        Assert.StartsWith("households: this would remove 3 of the 10 households (30%)", outcome.Problems[0], StringComparison.Ordinal);
        Assert.Equal(revision, await _store.GetRevisionAsync(Ct));
        Assert.Equal(10, (await StoredAsync()).Households.Count);
    }

    [Fact]
    public async Task A_confirmed_import_removes_what_it_removes()
    {
        await SeedAsync(Community(households: 10));

        var outcome = await _editor.ImportAsync(Community(households: 2), confirmed: true, Ct);

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, (await StoredAsync()).Households.Count);
    }

    [Fact]
    public async Task An_import_that_removes_a_fifth_or_less_needs_no_confirmation()
    {
        await SeedAsync(Community(households: 10));

        Assert.True((await _editor.ImportAsync(Community(households: 8), confirmed: false, Ct)).Succeeded);
    }

    [Fact]
    public async Task An_invalid_import_lists_its_problems_before_any_question_of_removals()
    {
        await SeedAsync(Community(households: 10));
        var broken = Community(households: 1) with { Grids = [] };

        var outcome = await _editor.ImportAsync(broken, confirmed: false, Ct);

        Assert.Equal(DirectoryRefusal.Invalid, outcome.Refusal);
        Assert.Contains("households[0] (1-1-1): building 1 is in no grid", outcome.Problems);
        Assert.DoesNotContain(outcome.Problems, p => p.Contains("MaxRemovalShare", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_import_is_guarded_like_a_json_import()
    {
        await SeedAsync(Community(households: 10));

        var refused = await _editor.ImportHouseholdsAsync(Csv(Enumerable.Range(1, 5)), confirmed: false, Ct);
        var confirmed = await _editor.ImportHouseholdsAsync(Csv(Enumerable.Range(1, 5)), confirmed: true, Ct);

        Assert.Equal(DirectoryRefusal.Unconfirmed, refused.Refusal);
        Assert.True(confirmed.Succeeded);
        Assert.Equal(5, (await StoredAsync()).Households.Count);
    }

    [Fact]
    public async Task A_csv_import_racing_a_single_change_is_computed_again_and_keeps_both()
    {
        await SeedAsync(Community(households: 10));
        _racing.Before = async () => await _editor.PutPersonAsync(new Person { Id = "w2", Name = "李娜", Roles = [Role.GridWorker], Grids = ["g1"] }, Ct);

        var outcome = await _editor.ImportHouseholdsAsync(Csv(Enumerable.Range(1, 12)), confirmed: false, Ct);

        Assert.True(outcome.Succeeded);
        var stored = await StoredAsync();
        Assert.Equal(12, stored.Households.Count);
        Assert.Contains(stored.People, p => p.Id == "w2");
        Assert.Equal(["csv import", "person w2 added", "json import"], (await _store.ListRevisionsAsync(Ct)).Select(r => r.Change));
    }

    [Fact]
    public async Task A_single_change_racing_a_json_import_lands_on_top_of_the_import()
    {
        await SeedAsync(Community(households: 10));
        var import = Community(households: 9) with { People = [.. Community().People, new Person { Id = "s1", Name = "王强", Roles = [Role.Secretary] }] };
        _racing.Before = async () => Assert.True((await _editor.ImportAsync(import, confirmed: false, Ct)).Succeeded);

        var outcome = await _editor.PutHouseholdAsync(Home(20), Ct);

        Assert.True(outcome.Succeeded);
        var stored = await StoredAsync();
        Assert.Equal([.. Enumerable.Range(1, 9).Select(r => $"1-1-{r}"), "1-1-20"], stored.Households.Select(h => h.Id));
        Assert.Contains(stored.People, p => p.Id == "s1");
    }

    [Fact]
    public async Task The_removal_guard_is_judged_again_on_the_revision_the_change_is_saved_on()
    {
        await SeedAsync(Community(households: 10));
        // Meanwhile someone adds 5 households; the import that keeps 8 of the first 10 now removes 7 of 15.
        _racing.Before = async () => Assert.True((await _editor.ImportHouseholdsAsync(Csv(Enumerable.Range(1, 15)), confirmed: false, Ct)).Succeeded);

        var outcome = await _editor.ImportAsync(Community(households: 8), confirmed: false, Ct);

        Assert.Equal(DirectoryRefusal.Unconfirmed, outcome.Refusal);
        Assert.Equal(new DirectoryRemoval(7, 15, 0, 2), outcome.Removal);
        Assert.Equal(15, (await StoredAsync()).Households.Count);
    }

    [Fact]
    public async Task When_other_changes_keep_coming_first_the_change_gives_up_and_changes_nothing()
    {
        await SeedAsync(Community(households: 10));
        var others = 0;
        _racing.Before = async () => await _store.TrySaveAsync(
            await _store.GetAsync(Ct), Community(households: 10), DirectoryRevision.Of((await _store.GetRevisionAsync(Ct)) + 1, Community(), $"other {++others}", null), 50, Ct);
        _racing.Always = true;

        var outcome = await _editor.PutHouseholdAsync(Home(20), Ct);

        Assert.Equal(DirectoryRefusal.Conflict, outcome.Refusal);
        Assert.Equal(DirectoryEditor.Attempts, others);
        Assert.DoesNotContain((await StoredAsync()).Households, h => h.Id == "1-1-20");
    }

    [Fact]
    public async Task A_household_is_added_at_the_end_or_changed_where_it_stands()
    {
        await SeedAsync(Community(households: 3));

        var added = await _editor.PutHouseholdAsync(Home(4), Ct);
        var changed = await _editor.PutHouseholdAsync(Home(2) with { Id = "1-1-2", Tags = ["elderly60"] }, Ct);

        Assert.True(added.Succeeded && changed.Succeeded);
        var stored = await StoredAsync();
        Assert.Equal(["1-1-1", "1-1-2", "1-1-3", "1-1-4"], stored.Households.Select(h => h.Id));
        Assert.Equal(["elderly60"], stored.Households[1].Tags);
        Assert.Equal(["household 1-1-2 changed", "household 1-1-4 added", "json import"], (await _store.ListRevisionsAsync(Ct)).Select(r => r.Change));
    }

    [Fact]
    public async Task A_single_change_is_validated_as_the_whole_directory_it_makes()
    {
        var revision = await SeedAsync(Community(households: 3));

        var elsewhere = await _editor.PutHouseholdAsync(new Household { Id = "99-1-101", Building = 99, Unit = 1, Room = "101" }, Ct);
        var paired = await _editor.RemoveHouseholdAsync("1-1-1", Ct);
        var twin = await _editor.PutHouseholdAsync(Home(2) with { Id = "1-1-x" }, Ct);

        Assert.Equal(["households[3] (99-1-101): building 99 is in no grid"], elsewhere.Problems);
        Assert.Equal(["people[1] (v1): household '1-1-1' is not in households"], paired.Problems);
        Assert.Equal(["households[3] (1-1-x): another household is already at 1-1-2"], twin.Problems);
        Assert.All([elsewhere, paired, twin], o => Assert.Equal(DirectoryRefusal.Invalid, o.Refusal));
        Assert.Equal(revision, await _store.GetRevisionAsync(Ct));
    }

    [Fact]
    public async Task Removing_an_entry_that_is_not_there_is_not_found()
    {
        await SeedAsync(Community(households: 3));

        Assert.Equal(DirectoryRefusal.NotFound, (await _editor.RemoveHouseholdAsync("7-7-707", Ct)).Refusal);
        Assert.Equal(DirectoryRefusal.NotFound, (await _editor.RemovePersonAsync("W1", Ct)).Refusal);
        Assert.True((await _editor.RemovePersonAsync("w1", Ct)).Succeeded);
    }

    [Fact]
    public async Task A_restore_brings_an_earlier_revision_back_as_a_new_one_without_confirmation()
    {
        var first = await SeedAsync(Community(households: 10));
        await _editor.ImportAsync(Community(households: 1), confirmed: true, Ct);
        _time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await _editor.RestoreAsync(first, Ct);

        Assert.True(outcome.Succeeded);
        Assert.Equal(first + 2, outcome.Saved.Revision);
        Assert.Equal(10, (await StoredAsync()).Households.Count);
        var newest = (await _store.ListRevisionsAsync(Ct))[0];
        Assert.Equal(new DirectoryRevision(first + 2, Start.AddMinutes(5), $"revision {first} restored", 1, 1, 10, 2), newest);
    }

    [Fact]
    public async Task A_revision_that_is_not_kept_cannot_be_restored()
    {
        await SeedAsync(Community(households: 3));

        var outcome = await _editor.RestoreAsync(42, Ct);

        Assert.Equal(DirectoryRefusal.NotFound, outcome.Refusal);
        Assert.Contains("Revision 42 is not kept", outcome.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restored_revision_is_validated_by_today_s_rules()
    {
        await SeedAsync(Community(households: 3));
        var basis = await _store.GetAsync(Ct);
        var broken = Community(households: 3) with { Grids = [] };
        Assert.True(await _store.TrySaveAsync(basis, broken, DirectoryRevision.Of(basis.Revision + 1, broken, "old rules", null), 20, Ct));
        await _editor.ImportAsync(Community(households: 3), confirmed: false, Ct);
        var before = await _store.GetRevisionAsync(Ct);

        var outcome = await _editor.RestoreAsync(basis.Revision + 1, Ct);

        Assert.Equal(DirectoryRefusal.Invalid, outcome.Refusal);
        Assert.Contains("households[0] (1-1-1): building 1 is in no grid", outcome.Problems);
        Assert.Equal(before, await _store.GetRevisionAsync(Ct));
    }

    /// <summary>The in-process store, with another change made just before a save (once, or before every save).</summary>
    private sealed class RacingStore(IDirectoryStore inner) : IDirectoryStore
    {
        private bool _racing;

        public Func<Task>? Before { get; set; }

        public bool Always { get; set; }

        public Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken) => inner.GetAsync(cancellationToken);

        public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => inner.GetRevisionAsync(cancellationToken);

        public async Task<bool> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, DirectoryRevision revision, int keep, CancellationToken cancellationToken)
        {
            // The other change goes through this store too; it must not race itself.
            if (Before is { } before && !_racing)
            {
                Before = Always ? before : null;
                _racing = true;
                try
                {
                    await before();
                }
                finally
                {
                    _racing = false;
                }
            }

            return await inner.TrySaveAsync(basis, document, revision, keep, cancellationToken);
        }

        public Task<IReadOnlyList<DirectoryRevision>> ListRevisionsAsync(CancellationToken cancellationToken) => inner.ListRevisionsAsync(cancellationToken);

        public Task<DirectoryDocument?> ReadRevisionAsync(long revision, CancellationToken cancellationToken) => inner.ReadRevisionAsync(revision, cancellationToken);
    }
}
