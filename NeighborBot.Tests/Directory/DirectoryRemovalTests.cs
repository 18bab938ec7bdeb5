using NeighborBot.Directory;

namespace NeighborBot.Tests.Directory;

/// <summary>The removal guard: how much an import takes away, and when that needs the admin's confirmation.</summary>
public sealed class DirectoryRemovalTests
{
    private static DirectoryDocument With(int households, int people, string prefix = "") => new()
    {
        Households = [.. Enumerable.Range(1, households).Select(i => new Household { Id = $"{prefix}1-1-{i}" })],
        People = [.. Enumerable.Range(1, people).Select(i => new Person { Id = $"{prefix}p{i}" })],
    };

    [Fact]
    public void Removals_are_counted_by_id_households_ignoring_case_as_the_directory_looks_them_up()
    {
        var before = new DirectoryDocument
        {
            Households = [new() { Id = "3-2-501" }, new() { Id = "A-1-101" }, new() { Id = "1-1-101" }, new() { Id = "" }],
            People = [new() { Id = "w1" }, new() { Id = "W2" }],
        };
        var after = new DirectoryDocument
        {
            Households = [new() { Id = "3-2-501", Room = "changed" }, new() { Id = "a-1-101" }, new() { Id = "9-9-909" }],
            People = [new() { Id = "w1" }, new() { Id = "w2" }],
        };

        Assert.Equal(new DirectoryRemoval(Households: 1, HouseholdsBefore: 4, People: 1, PeopleBefore: 2), DirectoryRemoval.Between(before, after));
    }

    [Fact]
    public void Removing_up_to_the_share_is_fine_and_one_more_needs_confirmation()
    {
        var before = With(households: 10, people: 5);

        var atShare = DirectoryRemoval.Between(before, before with { Households = before.Households[2..], People = before.People[1..] });
        var beyond = DirectoryRemoval.Between(before, before with { Households = before.Households[3..] });

        Assert.Empty(atShare.Beyond(0.2));
        Assert.Equal(
            [
                "households: this would remove 3 of the 10 households (30%), more than the 20% allowed at once (Directory:MaxRemovalShare)",
                DirectoryRemoval.ConfirmHint,
            ],
            beyond.Beyond(0.2));
    }

    [Fact]
    public void An_empty_import_over_a_directory_gives_a_reason_for_households_and_for_people()
    {
        var reasons = DirectoryRemoval.Between(With(households: 350, people: 55), new DirectoryDocument()).Beyond(0.2);

        Assert.Equal(
            [
                "households: this would remove 350 of the 350 households (100%), more than the 20% allowed at once (Directory:MaxRemovalShare)",
                "people: this would remove 55 of the 55 people (100%), more than the 20% allowed at once (Directory:MaxRemovalShare)",
                DirectoryRemoval.ConfirmHint,
            ],
            reasons);
    }

    [Fact]
    public void A_share_of_zero_asks_for_every_removal_and_one_never_asks()
    {
        var before = With(households: 300, people: 3);
        var one = DirectoryRemoval.Between(before, before with { Households = before.Households[1..] });
        var all = DirectoryRemoval.Between(before, new DirectoryDocument());

        Assert.Contains("(0.3%), more than the 0% allowed", one.Beyond(0)[0], StringComparison.Ordinal);
        Assert.Empty(all.Beyond(1));
    }

    [Fact]
    public void Filling_an_empty_directory_or_replacing_nothing_removes_nothing()
    {
        Assert.Empty(DirectoryRemoval.Between(new DirectoryDocument(), With(10, 10)).Beyond(0));
        Assert.Empty(DirectoryRemoval.Between(With(10, 10), With(10, 10)).Beyond(0));
    }
}
