using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Accounts;
using NeighborBot.Api.Console;
using NeighborBot.Storage;

namespace NeighborBot.Tests.Console;

public sealed class StaffAccountsTests
{
    private readonly InProcessAccountStore _store = new();
    private readonly StaffAccounts _accounts;

    public StaffAccountsTests() =>
        _accounts = new StaffAccounts(_store, new FakeTimeProvider(), Options.Create(new ConsoleOptions()), NullLogger<StaffAccounts>.Instance);

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task The_password_is_stored_only_as_a_hash_that_verifies_the_right_password_and_no_other()
    {
        Assert.Equal(AccountRefusal.None, await _accounts.AddAsync("li", "李娜", "correct horse 1", [StaffRoles.GridLeader], ["g1"], Ct));

        var stored = await _store.GetAsync("li", Ct);
        Assert.DoesNotContain("correct horse", stored!.PasswordHash, StringComparison.Ordinal);
        Assert.NotNull(await _accounts.VerifyAsync("LI", "correct horse 1", Ct));
        Assert.Null(await _accounts.VerifyAsync("li", "correct horse 2", Ct));
        Assert.Null(await _accounts.VerifyAsync("nobody", "correct horse 1", Ct));
    }

    [Theory]
    [InlineData("", "password1", "admin", "BadUserName")]
    [InlineData("has space", "password1", "admin", "BadUserName")]
    [InlineData("wang", "short", "admin", "WeakPassword")]
    [InlineData("wang", "password1", "boss", "BadRole")]
    public async Task A_bad_name_a_short_password_or_an_unknown_role_is_refused(string name, string password, string role, string refusal)
    {
        Assert.Equal(Enum.Parse<AccountRefusal>(refusal), await _accounts.AddAsync(name, name, password, [role], [], Ct));
        Assert.Empty(await _store.ListAsync(Ct));
    }

    [Fact]
    public async Task A_taken_name_is_refused_and_the_first_account_keeps_its_password()
    {
        await _accounts.AddAsync("wang", "王", "first-password", [StaffRoles.Admin], [], Ct);

        Assert.Equal(AccountRefusal.Taken, await _accounts.AddAsync("Wang", "王", "second-password", [StaffRoles.Admin], [], Ct));
        Assert.NotNull(await _accounts.VerifyAsync("wang", "first-password", Ct));
    }

    [Fact]
    public void Sign_in_is_refused_for_a_name_and_for_an_address_once_its_wrong_passwords_are_spent_and_other_names_still_may()
    {
        using var throttle = new SignInThrottle(Options.Create(new ConsoleOptions { MaxFailedSignIns = 3, FailedSignInWindow = TimeSpan.FromMinutes(5) }));
        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.IsLocked("wang", "10.0.0.1"));
            throttle.CountFailure("wang", "10.0.0.1");
        }

        Assert.True(throttle.IsLocked("WANG", "10.0.0.9"));
        Assert.True(throttle.IsLocked("li", "10.0.0.1"));
        Assert.False(throttle.IsLocked("li", "10.0.0.2"));
    }

    [Fact]
    public async Task Sign_in_is_allowed_again_after_the_window()
    {
        using var throttle = new SignInThrottle(Options.Create(new ConsoleOptions { MaxFailedSignIns = 1, FailedSignInWindow = TimeSpan.FromMilliseconds(300) }));
        throttle.CountFailure("wang", "10.0.0.1");
        Assert.True(throttle.IsLocked("wang", "10.0.0.1"));

        await Task.Delay(TimeSpan.FromMilliseconds(700));

        Assert.False(throttle.IsLocked("wang", "10.0.0.1"));
    }
}
