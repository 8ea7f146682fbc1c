using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

// Form models: every message is a resource key, shown in the reader's language next to its field.

/// <summary>A new password, typed twice; the policy's length is checked here and again by Identity.</summary>
public abstract class NewPasswordForm
{
    [Required(ErrorMessage = "Validation.Required"), StringLength(200, MinimumLength = AccountsSetup.MinimumPasswordLength, ErrorMessage = "Validation.PasswordLength")]
    [DataType(DataType.Password), Display(Name = "Account.NewPassword")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required"), Compare(nameof(Password), ErrorMessage = "Validation.PasswordsDiffer")]
    [DataType(DataType.Password), Display(Name = "Account.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class RegisterForm : NewPasswordForm
{
    [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLongField")]
    [Display(Name = "Account.DisplayName")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required"), EmailAddress(ErrorMessage = "Validation.Email"), StringLength(256, ErrorMessage = "Validation.TooLongField")]
    [Display(Name = "Account.Email")]
    public string Email { get; set; } = "";
}

public sealed class SignInForm
{
    [Required(ErrorMessage = "Validation.Required"), EmailAddress(ErrorMessage = "Validation.Email"), StringLength(256, ErrorMessage = "Validation.TooLongField")]
    [Display(Name = "Account.Email")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLongField")]
    [DataType(DataType.Password), Display(Name = "Account.Password")]
    public string Password { get; set; } = "";
}

public sealed class EmailForm
{
    [Required(ErrorMessage = "Validation.Required"), EmailAddress(ErrorMessage = "Validation.Email"), StringLength(256, ErrorMessage = "Validation.TooLongField")]
    [Display(Name = "Account.Email")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm : NewPasswordForm
{
    [Required] public string Email { get; set; } = "";
    [Required] public string Code { get; set; } = "";
}

internal static class AccountTokens
{
    /// <summary>Identity's tokens hold '+' and '/': carried in URLs as Base64Url.</summary>
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 2000) return null;
        try { return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return null; }
    }

    /// <summary>Identity's errors as messages in the reader's language, on the field they concern.</summary>
    public static void AddErrors(ModelStateDictionary state, IEnumerable<IdentityError> errors, IStringLocalizer text, string prefix)
    {
        var added = new HashSet<(string, string)>();
        foreach (var e in errors)
        {
            var field = e.Code switch
            {
                "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => prefix + ".Email",
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => prefix + ".Password",
                _ => "",
            };
            var found = text[$"Identity.{e.Code}"];
            string message = found.ResourceNotFound ? text["Identity.Other"] : found;
            if (added.Add((field, message))) state.AddModelError(field, message);
        }
    }
}
