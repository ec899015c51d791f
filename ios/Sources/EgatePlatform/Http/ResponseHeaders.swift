// The headers of a URLSession answer as the core wants them: each Set-Cookie header on its own.

import EgateCore
import Foundation

/// URLSession joins repeated header fields with commas; the core needs every `Set-Cookie`
/// separately, so those are split again where a new cookie (`name=`) starts.
enum ResponseHeaders {
    static func of(_ response: HTTPURLResponse) -> [HttpHeader] {
        response.allHeaderFields.flatMap { key, value -> [HttpHeader] in
            let name = String(describing: key)
            let text = String(describing: value)
            guard name.caseInsensitiveCompare("Set-Cookie") == .orderedSame else {
                return [HttpHeader(name: name, value: text)]
            }
            return splitCookies(text).map { HttpHeader(name: name, value: $0) }
        }
    }

    /// Splits `a=1; Path=/, b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT` into its two cookies: a
    /// comma starts a new cookie only when a cookie name and `=` follow it (the comma in an
    /// `Expires` date is followed by a day number and a space).
    static func splitCookies(_ joined: String) -> [String] {
        var cookies: [String] = []
        var current = ""
        var rest = Substring(joined)
        while let comma = rest.firstIndex(of: ",") {
            current += rest[..<comma]
            let after = rest[rest.index(after: comma)...]
            if startsCookie(after) {
                cookies.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current += ","
            }
            rest = after
        }
        current += rest
        cookies.append(current.trimmingCharacters(in: .whitespaces))
        return cookies.filter { !$0.isEmpty }
    }

    /// Whether `text` begins (after spaces) with a cookie name token directly followed by `=`.
    private static func startsCookie(_ text: Substring) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        let name = trimmed[..<equals]
        return !name.isEmpty && name.unicodeScalars.allSatisfy(isTokenCharacter)
    }

    /// RFC 9110 token characters.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
