"""Made-up person names for the synthetic data.

Names are drawn at random from lists of common American given names and
surnames, so a generated name belongs to no one in particular; any match with
a real technology director is a coincidence of common names.
"""

from __future__ import annotations

import random

GIVEN_NAMES: tuple[str, ...] = (
    "Aaron", "Adam", "Alicia", "Allison", "Amanda", "Amber", "Andre", "Andrea", "Angela",
    "Anthony", "April", "Ashley", "Audrey", "Barry", "Beth", "Bradley", "Brandon", "Brenda",
    "Brent", "Brian", "Brittany", "Bryan", "Caleb", "Carla", "Carmen", "Carol", "Casey",
    "Chad", "Charles", "Chris", "Christy", "Cindy", "Clay", "Cody", "Connie", "Corey",
    "Courtney", "Craig", "Crystal", "Curtis", "Dana", "Daniel", "Darius", "Darrell", "Dawn",
    "Dean", "Deborah", "Denise", "Derek", "Dewayne", "Donna", "Dustin", "Dwight", "Eddie",
    "Elaine", "Emily", "Eric", "Erica", "Erin", "Felicia", "Gail", "Gary", "Gina", "Glenn",
    "Grant", "Greg", "Heather", "Holly", "Hunter", "Ian", "Jack", "Jacob", "Jamal", "Jamie",
    "Janet", "Jared", "Jason", "Jeff", "Jenna", "Jeremy", "Jill", "Joel", "Jonathan", "Josh",
    "Joy", "Julie", "Justin", "Karen", "Katie", "Keith", "Kelly", "Ken", "Kendra", "Kevin",
    "Kim", "Kristen", "Kyle", "Lance", "Latoya", "Laura", "Leah", "Lee", "Leslie", "Lisa",
    "Lonnie", "Lori", "Lucas", "Marcus", "Mark", "Matt", "Megan", "Melanie", "Melissa",
    "Michelle", "Misty", "Monica", "Nathan", "Neal", "Nicole", "Patrick", "Paula", "Quentin",
    "Rachel", "Randy", "Regina", "Renee", "Rhonda", "Ricky", "Robin", "Rodney", "Ron",
    "Russell", "Ryan", "Sabrina", "Scott", "Sean", "Shane", "Shannon", "Sharon", "Shawn",
    "Sheila", "Stacy", "Stephanie", "Steve", "Tamara", "Tammy", "Tanya", "Terrence", "Tiffany",
    "Todd", "Tonya", "Travis", "Trent", "Tyler", "Valerie", "Vanessa", "Wade", "Wesley",
    "Whitney", "Will", "Yolanda", "Zach",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Abernathy", "Adams", "Aldridge", "Allen", "Armstrong", "Atkins", "Bailey", "Baker",
    "Barnes", "Barrett", "Beasley", "Bell", "Bishop", "Blackmon", "Blair", "Boone", "Bowen",
    "Bradford", "Brewer", "Bridges", "Brooks", "Bryant", "Burgess", "Burns", "Butler",
    "Caldwell", "Campbell", "Carpenter", "Carter", "Chandler", "Chapman", "Cobb", "Coleman",
    "Collins", "Cooper", "Cox", "Crawford", "Cunningham", "Daniels", "Davenport", "Davis",
    "Dawson", "Dean", "Dixon", "Dorsey", "Dunn", "Edwards", "Ellis", "Elmore", "Evans",
    "Faulkner", "Ferguson", "Fields", "Fleming", "Fletcher", "Ford", "Foster", "Franklin",
    "Freeman", "Fuller", "Gaines", "Garner", "Gibson", "Gilbert", "Goodwin", "Graham", "Grant",
    "Graves", "Griffin", "Hale", "Hamilton", "Hammond", "Harper", "Harrell", "Hawkins",
    "Hayes", "Henderson", "Hicks", "Hill", "Holland", "Holloway", "Hopkins", "Howard",
    "Hudson", "Hughes", "Ingram", "Jackson", "James", "Jenkins", "Johnson", "Jordan",
    "Kelley", "Kennedy", "Kimbrough", "King", "Knight", "Lambert", "Lane", "Lawson", "Ledbetter",
    "Lewis", "Little", "Lowery", "Lucas", "Lyons", "Maddox", "Malone", "Mann", "Marshall",
    "Mathis", "McCoy", "McDaniel", "McKinney", "Meadows", "Miller", "Mitchell", "Moody",
    "Moore", "Morgan", "Morrow", "Murphy", "Nelson", "Newman", "Norris", "Oliver", "Owens",
    "Parker", "Patterson", "Payne", "Pearson", "Perkins", "Phillips", "Pierce", "Pope",
    "Porter", "Powell", "Pruitt", "Quarles", "Ramsey", "Reed", "Reeves", "Rhodes", "Richardson",
    "Roberts", "Robinson", "Rogers", "Rowe", "Sanders", "Sandlin", "Sewell", "Shelton",
    "Simmons", "Sims", "Skinner", "Sloan", "Spencer", "Stanley", "Steele", "Stephens",
    "Stewart", "Strickland", "Sullivan", "Tate", "Taylor", "Terry", "Thornton", "Tidwell",
    "Tucker", "Turner", "Underwood", "Vaughn", "Wade", "Walker", "Wallace", "Ward", "Warren",
    "Watkins", "Weaver", "Webb", "Wheeler", "Whitfield", "Wilkerson", "Williams", "Wilson",
    "Womack", "Wood", "Wright", "Yarbrough", "Young",
)  # fmt: skip


# Combinations of the lists above that name well-known people: never generated.
FAMOUS: frozenset[str] = frozenset(
    {
        "Brian Wilson", "Bryan Adams", "Cindy Crawford", "Craig Ferguson", "Dwight Howard",
        "Eddie Murphy", "Heather Graham", "Jamal Crawford", "Karen Carpenter", "Lance Armstrong",
        "Michelle Williams", "Robin Williams", "Ron Howard", "Russell Wilson",
        "Sabrina Carpenter", "Vanessa Williams", "Kevin James", "Jack Johnson", "Eric Adams",
        "Ryan Murphy", "Brandon Marshall", "Corey Taylor", "Chris Evans", "Mark Wahlberg",
        "Leah Remini", "Kelly Clarkson", "Tyler Perry", "Ken Jennings", "Wade Phillips",
        "Amanda Knox", "Andre Johnson", "Chad Johnson", "Josh Allen", "Jack Nicholson",
        "Ricky Williams", "Lisa Kudrow", "Janet Jackson", "Jeremy Allen", "Travis Kelce",
        "Bradley Cooper", "Anthony Davis", "Kyle Busch", "Nicole Kidman", "Jason Aldean",
    }
)  # fmt: skip

INITIALS = "ABCDEFGHJKLMNPRSTW"


class NameMaker:
    """Distinct made-up names ('Given M. Surname') from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def __call__(self) -> str:
        while True:
            given, surname = self._rng.choice(GIVEN_NAMES), self._rng.choice(SURNAMES)
            if f"{given} {surname}" in FAMOUS:
                continue
            name = f"{given} {self._rng.choice(INITIALS)}. {surname}"
            if name not in self._used:
                self._used.add(name)
                return name
