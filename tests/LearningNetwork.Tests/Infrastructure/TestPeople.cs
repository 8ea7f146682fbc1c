using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>Signed-in clients for tests: a person who registered through the pages, or an account made directly with a role.</summary>
public static class TestPeople
{
    public const string Password = "peat bog otter meadow";

    /// <summary>Registers through the pages, confirms by the e-mailed link, signs in.</summary>
    public static async Task<(HttpClient Client, string Email)> RegisteredAsync(TestApp app)
    {
        var client = app.Client();
        var email = $"person-{Guid.NewGuid():N}@example.org";
        await client.SubmitAsync("/en/account/register", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Test Person", ["Form.Email"] = email, ["Form.Password"] = Password, ["Form.ConfirmPassword"] = Password,
        });
        await client.GetAsync(Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email))));
        await SignInAsync(client, email);
        return (client, email);
    }

    /// <summary>An account with a role, made as create-admin would, then signed in.</summary>
    public static async Task<HttpClient> WithRoleAsync(TestApp app, string role)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        var client = app.Client();
        await SignInAsync(client, email);
        return client;
    }

    private static async Task SignInAsync(HttpClient client, string email)
    {
        var response = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en/", response.Headers.Location?.OriginalString);
    }
}
