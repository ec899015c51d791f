// Concern: times and dates from the core (Unix seconds, ISO 8601 dates) in the user's locale.
package eu.egate.app.ui.common

import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.time.format.FormatStyle

fun formatMoment(unixSeconds: Long): String =
    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .format(Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()))

/** A full ISO date in the locale's words; a partial one (a year, a month) as the core gave it. */
fun formatIsoDate(iso: String): String = try {
    DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).format(LocalDate.parse(iso))
} catch (e: DateTimeParseException) {
    iso
}
