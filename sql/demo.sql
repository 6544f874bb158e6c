-- newsdesk demo content (run once after the schema, in one transaction): sections, the seed story, features, stories per section.

INSERT INTO sections (id, slug, name, position) VALUES
  (1, 'americas', 'Americas', 1),
  (2, 'africa', 'Africa', 2),
  (3, 'europe', 'Europe', 3),
  (4, 'middle-east', 'Middle East', 4),
  (5, 'south-asia', 'South Asia', 5),
  (6, 'asia-pacific', 'Asia Pacific', 6);

-- 1: asia-pacific / kurmanbek-bakiyev-flies-to-kazakhstan (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  1, 6, 'kurmanbek-bakiyev-flies-to-kazakhstan',
  'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan',
  'Deposed Kyrgyzstan President Kurmanbek Bakiyev has left the country and flown to neighbouring Kazakhstan.',
  '/static/img/bakiyev-osh-rally.svg',
  'Outsed Kyrgyz President Kurmanbek Bakiyev speaks at a rally in Osh on 15 April 2010',
  'President Kurmanbek Bakiyev was ousted in a bloody uprising this month',
  'Sponsor', '', 'published', 1271346660, 1271351100);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (1, 1, 'paragraph', 'His departure comes in the wake of a 7 April uprising that killed scores of people and forced him to flee the Kyrgyz capital of Bishkek.', '', '', '', ''),
  (1, 2, 'paragraph', 'He had been trying to muster support in his home region of Jalalabad in the south of the country.', '', '', '', ''),
  (1, 3, 'paragraph', 'Kyrgyzstan''s interim government said Mr Bakiyev had signed a letter of resignation.', '', '', '', ''),
  (1, 4, 'paragraph', 'The Organization for Security and Co-operation in Europe (OSCE) said Mr Bakiyev''s departure had been agreed with the US, Russia and the EU.', '', '', '', ''),
  (1, 5, 'paragraph', 'The Russian Interfax news agency said Mr Bakiyev may fly on to Turkey or Latvia, but this could not be confirmed.', '', '', '', ''),
  (1, 6, 'box',
    'I was outside Mr Bakiyev''s home waiting to hear from him when we heard a plane taking off.' || char(10) || char(10) ||
    'Jalalabad is a small town and there is only one flight a week from the airport.' || char(10) || char(10) ||
    'We approached Mr Bakiyev''s aides and they confirmed that the president had left the country.' || char(10) || char(10) ||
    'Earlier he told supporters who turned up at his home that Kazakh President Nursultan Nazarbayev had invited him to come to the country for talks.' || char(10) || char(10) ||
    'Kazakhstan holds the presidency for the Organization for Security and Co-operation in Europe this year and it wants to play a role in restoring order in Kyrgyzstan.' || char(10) || char(10) ||
    'Mr Bakiyev''s presence in the country was increasing the political deadlock.',
    '/static/img/rayhan-demytrie.svg', 'Rayhan Demytrie', 'Rayhan Demytrie, BBC News, Jalalabad', ''),
  (1, 7, 'paragraph', 'In other developments on Thursday, Kyrgyzstan''s former defence minister, a key ally of Mr Bakiyev, was arrested, according to Kyrgyz media.', '', '', '', ''),
  (1, 8, 'paragraph', 'Azattyk radio said Baktybek Kalyev was detained in southern Kyrgyzstan.', '', '', '', ''),
  (1, 9, 'paragraph', '"He is accused of giving an illegal order to fire on unarmed citizens, leading to the deaths of dozens of citizens," it said, without naming its sources.', '', '', '', ''),
  (1, 10, 'paragraph', 'Gunfire had been heard earlier as Mr Bakiyev spoke in the southern city of Osh; an opposition rally was going on nearby.', '', '', '', ''),
  (1, 11, 'paragraph', 'Mr Bakiyev was quickly bundled into his car and driven back to Jalalabad where a plane was seen taking off from the nearby airport.', '', '', '', ''),
  (1, 12, 'paragraph', 'The plane later landed in the southern Kazakh city of Taraz, a Kazakh foreign ministry spokesman said.', '', '', '', ''),
  (1, 13, 'paragraph', 'Kazakhstan currently holds the presidency of the OSCE.', '', '', '', ''),
  (1, 14, 'paragraph', 'In a statement it said Mr Bakiyev''s departure had been the result of joint efforts between Kazakh President Nursultan Nazarbayev, US President Barack Obama and Russia''s President Dmitriy Medvedev.', '', '', '', ''),
  (1, 15, 'paragraph', 'It said the EU, the UN and OSCE had also been involved in "active mediation".', '', '', '', ''),
  (1, 16, 'media', 'Shots are fired at the rally where deposed President Kurmanbek Bakiyev was speaking',
    '/static/img/osh-rally-poster.svg', '', '', '/static/media/osh-rally.webm'),
  (1, 17, 'paragraph', 'Kyrgyzstan''s opposition interim government which took over had been unable to reach any agreement with the ousted president.', '', '', '', ''),
  (1, 18, 'paragraph', 'Roza Otunbayeva, leader of the interim administration, had said Mr Bakiyev should stand trial over the recent unrest.', '', '', '', ''),
  (1, 19, 'paragraph', 'Mr Bakiyev had said he was ready to relinquish power if his safety could be guaranteed.', '', '', '', ''),
  (1, 20, 'paragraph', 'The BBC''s Rayhan Demytrie, in Jalalabad, says Mr Bakiyev''s presence in Kyrgyzstan had only been pushing the deadlock deeper.', '', '', '', ''),
  (1, 21, 'paragraph', 'The big question now is whether or not he will be able to come back, our correspondent adds.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (1, 1, 'Times Online', 'Russia moves to stamp authority on Kyrgyzstan',
    'https://www.timesonline.co.uk/tol/news/world/asia/article7100154.ece', 1271488920, 0),
  (1, 2, 'Financial Times', 'Kyrgyz leaders move against Bakiyev camp',
    'https://www.ft.com/cms/s/0/3c5e2b8a-4923-11df-8e4f-00144feab49a.html', 1271455860, 1),
  (1, 3, 'Itar Tass', 'New Kyrgyz govt gets Bakiyev''s resignation letter',
    'https://www.itar-tass.com/eng/level2.html?NewsID=14939217&PageNum=0', 1271397900, 0),
  (1, 4, 'AFP via Yahoo!', 'Kyrgyz leaders tighten grip after Bakiyev exit',
    'https://news.yahoo.com/s/afp/20100416/wl_asia_afp/kyrgyzstanunrestpolitics', 1271398800, 0),
  (1, 5, 'Telegraph', 'Ousted president quits Kyrgyzstan for Kazakhstan',
    'https://www.telegraph.co.uk/news/worldnews/asia/kyrgyzstan/7595532/Ousted-president-quits-Kyrgyzstan-for-Kazakhstan.html', 1271358120, 0);

-- 2: asia-pacific / has-chinas-housing-bubble-burst (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  2, 6, 'has-chinas-housing-bubble-burst',
  'Has China''s housing bubble burst?',
  'Property prices in China''s biggest cities have climbed so fast that many economists now ask whether the market has become a bubble, and what would happen if it burst.',
  '/static/img/china-housing.svg',
  'Rows of half-built apartment towers and construction cranes under a grey sky',
  'New apartment blocks are going up across China''s big cities',
  '', '', 'published', 1271058000, 1271058000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (2, 1, 'paragraph', 'Official figures show that prices in 70 large and medium-sized cities rose by more than 10% in the year to February, one of the fastest rises since such records began.', '', '', '', ''),
  (2, 2, 'paragraph', 'In Beijing and Shanghai a new flat can cost many times a typical family''s annual income, and young couples say they feel priced out of the market.', '', '', '', ''),
  (2, 3, 'paragraph', 'The government has begun to act. Banks have been told to be more careful about lending, and buyers of second homes face higher minimum deposits.', '', '', '', ''),
  (2, 4, 'paragraph', 'Some analysts argue that rapid urbanisation and a shortage of other places to put savings will keep demand strong. Others point to empty new towers in some cities as a sign of speculation.', '', '', '', ''),
  (2, 5, 'paragraph', 'The question now is whether officials can cool the market gently, without a sharp fall that would hurt banks, local governments and millions of homeowners.', '', '', '', '');

-- 3: asia-pacific / how-the-worlds-oldest-clove-tree-defied-an-empire (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  3, 6, 'how-the-worlds-oldest-clove-tree-defied-an-empire',
  'How the world''s oldest clove tree defied an empire',
  'On the slopes of a volcano on the Indonesian island of Ternate stands a clove tree that local people believe is the oldest in the world, and a survivor of one of history''s most ruthless trade monopolies.',
  '/static/img/clove-tree.svg',
  'A tall, gnarled tree on a green hillside below the cone of a volcano',
  'The clove tree known as Afo grows on the slopes of Ternate''s volcano',
  '', '', 'published', 1270977600, 1270977600);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (3, 1, 'paragraph', 'Cloves once grew naturally only on a handful of islands in the Moluccas, known to Europeans as the Spice Islands, and the dried flower buds were among the most valuable goods in world trade.', '', '', '', ''),
  (3, 2, 'paragraph', 'In the 17th Century the Dutch East India Company set out to control the trade by restricting clove growing to a few islands under its watch and destroying trees elsewhere.', '', '', '', ''),
  (3, 3, 'paragraph', 'The tree known as Afo is thought to be several centuries old. Local tradition holds that it escaped the clearances because it grew high on the mountain, far from the coast.', '', '', '', ''),
  (3, 4, 'paragraph', 'Seedlings smuggled out of the islands in the 18th Century helped to break the monopoly, and cloves were later grown as far away as Zanzibar.', '', '', '', ''),
  (3, 5, 'paragraph', 'Whatever its exact age, the tree has become a symbol of the island''s history, and visitors still make the climb up the hillside to see it.', '', '', '', '');

-- 4: europe / why-royal-ballet-principal-sergei-polunin-quit (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  4, 3, 'why-royal-ballet-principal-sergei-polunin-quit',
  'Why Royal Ballet principal Sergei Polunin quit',
  'The sudden departure of one of the Royal Ballet''s brightest young dancers has raised questions about the pressures on performers at the very top of their profession.',
  '/static/img/ballet-stage.svg',
  'A lone dancer in mid-leap on a dark stage lit by a single spotlight',
  'Principal dancers face long seasons of rehearsals and performances',
  '', '', 'published', 1271153100, 1271153100);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (4, 1, 'paragraph', 'Sergei Polunin, who was born in Ukraine and trained at the Royal Ballet School in London, rose through the company''s ranks unusually quickly.', '', '', '', ''),
  (4, 2, 'paragraph', 'Principal dancers carry the leading roles in a company''s repertoire, often performing several times a week while rehearsing new productions during the day.', '', '', '', ''),
  (4, 3, 'paragraph', 'Former dancers say the schedule leaves little room for life outside the theatre, and that the strain can be hardest on those who reach the top while still very young.', '', '', '', ''),
  (4, 4, 'paragraph', 'His departure leaves the company to recast several leading roles in the coming season.', '', '', '', '');

-- 5: asia-pacific / strong-earthquake-hits-chinas-qinghai-province (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  5, 6, 'strong-earthquake-hits-chinas-qinghai-province',
  'Strong earthquake hits China''s Qinghai province',
  'A powerful earthquake has struck a remote Tibetan area of China''s Qinghai province, killing hundreds of people and flattening many buildings, Chinese state media say.',
  '/static/img/yushu-quake.svg',
  'Collapsed mud-brick houses in a valley beneath snow-capped mountains',
  'Many homes in Yushu were built of mud and wood',
  '', '', 'published', 1271225400, 1271269800);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (5, 1, 'paragraph', 'The earthquake struck early on Wednesday morning in Yushu county, high on the Tibetan plateau. The US Geological Survey measured it at magnitude 6.9.', '', '', '', ''),
  (5, 2, 'paragraph', 'Most of the damage was in the town of Jiegu, where many homes were built of mud and wood. Schools were among the buildings that collapsed.', '', '', '', ''),
  (5, 3, 'paragraph', 'Soldiers and rescue teams have been sent to the area, but the altitude, the cold and damaged roads are slowing the effort.', '', '', '', ''),
  (5, 4, 'paragraph', 'Thousands of survivors spent the night in the open, and tents, food and medical supplies are urgently needed.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (5, 1, 'Xinhua', 'Rescuers race to reach quake-hit Yushu',
    'https://news.xinhuanet.com/english2010/china/2010-04/14/c_13250721.htm', 1271239500, 0),
  (5, 2, 'Reuters', 'China quake kills hundreds in Qinghai',
    'https://www.reuters.com/article/idUSTRE63D0K720100414', 1271230200, 0);

-- 6: asia-pacific / deadly-clashes-in-bangkok-as-troops-confront-protesters (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  6, 6, 'deadly-clashes-in-bangkok-as-troops-confront-protesters',
  'Deadly clashes in Bangkok as troops confront protesters',
  'At least 20 people have been killed in Bangkok after Thai troops tried to clear anti-government protesters from parts of the capital, officials say.',
  '',
  '',
  '',
  '', '', 'published', 1270920000, 1270958400);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (6, 1, 'paragraph', 'The red-shirt protesters, many of them supporters of former Prime Minister Thaksin Shinawatra, want Prime Minister Abhisit Vejjajiva to dissolve parliament and call early elections.', '', '', '', ''),
  (6, 2, 'paragraph', 'Troops and protesters clashed for several hours on Saturday in the old part of the city. Soldiers and civilians were among the dead, as was a Japanese cameraman working for the Reuters news agency.', '', '', '', ''),
  (6, 3, 'paragraph', 'Hundreds of people were injured. The troops later pulled back, and the protesters remain camped in the city.', '', '', '', ''),
  (6, 4, 'paragraph', 'It is the worst political violence in Thailand for nearly two decades.', '', '', '', '');

-- 7: europe / poland-mourns-president-kaczynski-after-plane-crash (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  7, 3, 'poland-mourns-president-kaczynski-after-plane-crash',
  'Poland mourns President Kaczynski after plane crash',
  'Poland has begun a week of national mourning after President Lech Kaczynski and many of the country''s political and military leaders were killed in a plane crash in western Russia.',
  '/static/img/warsaw-candles.svg',
  'Rows of lit candles and flowers laid on a pavement at dusk',
  'Mourners have left candles outside the presidential palace in Warsaw',
  '', '', 'published', 1270891800, 1270987200);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (7, 1, 'paragraph', 'The Polish air force Tupolev-154 came down in fog as it approached the military airfield at Smolensk on Saturday morning. All 96 people on board were killed.', '', '', '', ''),
  (7, 2, 'paragraph', 'The president''s wife, Maria, the head of the armed forces, the central bank governor and several members of parliament were among the passengers.', '', '', '', ''),
  (7, 3, 'paragraph', 'The delegation was travelling to a ceremony marking 70 years since the Katyn massacre, in which thousands of Polish officers were killed by the Soviet secret police in 1940.', '', '', '', ''),
  (7, 4, 'paragraph', 'Crowds have gathered outside the presidential palace in Warsaw to lay flowers and light candles. Under the constitution, the speaker of parliament, Bronisław Komorowski, becomes acting president.', '', '', '', '');

-- 8: europe / flights-grounded-across-northern-europe-by-volcanic-ash (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  8, 3, 'flights-grounded-across-northern-europe-by-volcanic-ash',
  'Flights grounded across northern Europe by volcanic ash',
  'Thousands of flights have been cancelled across northern Europe as a cloud of volcanic ash from an eruption in Iceland drifts over the continent.',
  '/static/img/ash-cloud.svg',
  'A plume of grey ash billowing from a snow-covered volcano, with an airliner in the distance',
  'Ash from the eruption in Iceland has drifted over northern Europe',
  '', '', 'published', 1271318400, 1271454300);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (8, 1, 'paragraph', 'The eruption beneath the Eyjafjallajökull glacier began on Wednesday, sending a plume of ash several kilometres into the sky.', '', '', '', ''),
  (8, 2, 'paragraph', 'UK airspace was closed on Thursday, and Ireland, Norway, Sweden, Denmark, Belgium and the Netherlands imposed restrictions. Several other countries have since followed.', '', '', '', ''),
  (8, 3, 'paragraph', 'Fine particles of ash can damage jet engines, and aviation authorities say flights will not resume until the cloud has cleared.', '', '', '', ''),
  (8, 4, 'paragraph', 'Hundreds of thousands of passengers are stranded. Ferry and rail operators report heavy demand.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (8, 1, 'Guardian', 'Volcanic ash cloud grounds flights across Europe',
    'https://www.guardian.co.uk/world/2010/apr/16/volcanic-ash-cloud-flights-europe', 1271419200, 0),
  (8, 2, 'Met Office', 'Volcanic ash advisories for the North Atlantic',
    'https://www.metoffice.gov.uk/aviation/vaac/vaacuk_vag.html', 1271440800, 0);

-- 9: europe / us-and-russia-sign-new-nuclear-arms-treaty-in-prague (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  9, 3, 'us-and-russia-sign-new-nuclear-arms-treaty-in-prague',
  'US and Russia sign new nuclear arms treaty in Prague',
  'The presidents of the United States and Russia have signed a treaty in Prague that will cut the nuclear arsenals of both countries.',
  '',
  '',
  '',
  '', '', 'published', 1270724400, 1270740000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (9, 1, 'paragraph', 'Barack Obama and Dmitry Medvedev signed the agreement at Prague Castle. It replaces the 1991 Strategic Arms Reduction Treaty, known as Start, which expired in December.', '', '', '', ''),
  (9, 2, 'paragraph', 'Under the new treaty, each side will be limited to 1,550 deployed strategic warheads, about 30% fewer than under the previous limit.', '', '', '', ''),
  (9, 3, 'paragraph', 'It also limits missile launchers and bombers and restores inspections. The treaty must still be ratified by the US Senate and the Russian parliament.', '', '', '', '');

-- 10: europe / ash-cloud-what-stranded-travellers-need-to-know (draft)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  10, 3, 'ash-cloud-what-stranded-travellers-need-to-know',
  'Ash cloud: what stranded travellers need to know',
  'With flights across much of Europe grounded, here is what passengers whose journeys have been disrupted can do.',
  '',
  '',
  '',
  '', '', 'draft', NULL, 1271486400);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (10, 1, 'paragraph', 'Check with your airline before going to the airport. Most are offering refunds or free rebooking for cancelled flights.', '', '', '', ''),
  (10, 2, 'paragraph', 'Under EU rules, airlines must provide meals and accommodation for stranded passengers while they wait for a flight.', '', '', '', '');

-- 11: americas / rio-de-janeiro-floods-and-landslides-kill-scores (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  11, 1, 'rio-de-janeiro-floods-and-landslides-kill-scores',
  'Rio de Janeiro floods and landslides kill scores',
  'More than 100 people have been killed in floods and landslides caused by the heaviest rain in decades in the Brazilian state of Rio de Janeiro, officials say.',
  '/static/img/rio-landslide.svg',
  'Houses on a steep hillside with a brown scar where the slope has given way, under heavy rain',
  'Hillside favelas were among the worst-hit areas',
  '', '', 'published', 1270648800, 1270719000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (11, 1, 'paragraph', 'Torrential rain began on Monday evening. More than 280mm fell on the city of Rio in 24 hours, bringing traffic to a standstill and flooding homes.', '', '', '', ''),
  (11, 2, 'paragraph', 'Many of the dead were in hillside favelas, where homes built on steep slopes were swept away by mudslides. The neighbouring city of Niterói was also badly hit.', '', '', '', ''),
  (11, 3, 'paragraph', 'Schools and businesses were closed and residents were urged to stay at home. Thousands of people have been left homeless.', '', '', '', ''),
  (11, 4, 'paragraph', 'More rain is forecast, and rescuers are still searching for people buried in the mud.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (11, 1, 'Reuters', 'Rio floods death toll climbs',
    'https://www.reuters.com/article/idUSTRE6350ZU20100407', 1270670400, 0);

-- 12: americas / chile-counts-the-cost-of-rebuilding-after-earthquake (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  12, 1, 'chile-counts-the-cost-of-rebuilding-after-earthquake',
  'Chile counts the cost of rebuilding after earthquake',
  'Six weeks after one of the strongest earthquakes on record, Chile is turning from emergency relief to the long job of rebuilding homes, roads and ports.',
  '',
  '',
  '',
  '', '', 'published', 1270818000, 1270818000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (12, 1, 'paragraph', 'The magnitude 8.8 earthquake struck off the coast of central Chile on 27 February and was followed by tsunami waves that swept into coastal towns.', '', '', '', ''),
  (12, 2, 'paragraph', 'Hundreds of people were killed, and hundreds of thousands of homes were damaged or destroyed, most of them in the Maule and Biobío regions.', '', '', '', ''),
  (12, 3, 'paragraph', 'The new government, which took office in March, says its priority is temporary housing for families before the southern winter sets in.', '', '', '', ''),
  (12, 4, 'paragraph', 'Economists say the cost of the damage could run to tens of billions of dollars.', '', '', '', '');

-- 13: americas / haiti-faces-rainy-season-in-crowded-camps (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  13, 1, 'haiti-faces-rainy-season-in-crowded-camps',
  'Haiti faces rainy season in crowded camps',
  'Aid agencies in Haiti are racing to move people out of the most dangerous camps before the rainy season, nearly three months after the earthquake that devastated Port-au-Prince.',
  '',
  '',
  '',
  '', '', 'published', 1270548000, 1270548000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (13, 1, 'paragraph', 'The earthquake of 12 January killed more than 200,000 people, according to Haitian government figures, and left more than a million homeless.', '', '', '', ''),
  (13, 2, 'paragraph', 'Many survivors are living under tarpaulins and sheets in camps on hillsides, in ravines and on open ground around the capital, where heavy rain could bring floods and mudslides.', '', '', '', ''),
  (13, 3, 'paragraph', 'At a conference in New York last week, international donors pledged billions of dollars for Haiti''s reconstruction over the coming years.', '', '', '', ''),
  (13, 4, 'paragraph', 'The immediate priority is finding safer land and sturdier shelters before the storms arrive.', '', '', '', '');

-- 14: americas / world-leaders-gather-in-washington-for-nuclear-security-summit (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  14, 1, 'world-leaders-gather-in-washington-for-nuclear-security-summit',
  'World leaders gather in Washington for nuclear security summit',
  'Leaders from 47 countries have met in Washington for a two-day summit on keeping nuclear materials out of the hands of terrorists.',
  '',
  '',
  '',
  '', '', 'published', 1271106000, 1271197800);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (14, 1, 'paragraph', 'The summit, hosted by US President Barack Obama, is one of the largest gatherings of world leaders in the United States for decades.', '', '', '', ''),
  (14, 2, 'paragraph', 'The participants agreed a communique backing the goal of securing vulnerable nuclear material within four years.', '', '', '', ''),
  (14, 3, 'paragraph', 'Several countries announced steps of their own. Ukraine said it would give up its stock of highly enriched uranium, and Canada and Mexico also made commitments.', '', '', '', '');

-- 15: americas / rio-de-janeiro-declares-emergency-over-heavy-rain (unpublished)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  15, 1, 'rio-de-janeiro-declares-emergency-over-heavy-rain',
  'Rio de Janeiro declares emergency over heavy rain',
  'The authorities in Rio de Janeiro have declared a state of emergency after heavy rain caused flooding and landslides across the city.',
  '',
  '',
  '',
  '', '', 'unpublished', 1270555200, 1270649100);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (15, 1, 'paragraph', 'Roads were flooded and public transport was disrupted as the rain continued through the night.', '', '', '', ''),
  (15, 2, 'paragraph', 'This early report has been replaced by a fuller story.', '', '', '', '');

-- 16: africa / sudan-votes-in-first-multi-party-elections-in-24-years (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  16, 2, 'sudan-votes-in-first-multi-party-elections-in-24-years',
  'Sudan votes in first multi-party elections in 24 years',
  'Voting has begun in Sudan''s first multi-party elections since 1986, though several opposition parties have withdrawn from some of the races.',
  '/static/img/sudan-ballot.svg',
  'A hand dropping a folded ballot paper into a clear plastic ballot box',
  'Voters are choosing a president, parliament and local officials',
  '', '', 'published', 1270972800, 1271001600);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (16, 1, 'paragraph', 'Voters are choosing a president, national and state assemblies and state governors. In the semi-autonomous south they are also electing the president of the regional government.', '', '', '', ''),
  (16, 2, 'paragraph', 'President Omar al-Bashir is seeking a new term. His main challenger, Yasir Arman of the former southern rebels, pulled out of the presidential race, as did several northern opposition candidates.', '', '', '', ''),
  (16, 3, 'paragraph', 'The ballot is complicated: voters in the south face as many as 12 separate ballot papers, and many people have never voted before.', '', '', '', ''),
  (16, 4, 'paragraph', 'The elections are part of the 2005 peace deal that ended more than two decades of civil war between north and south. A referendum on independence for the south is due next year.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (16, 1, 'Reuters', 'Sudan opens polls in first open elections in decades',
    'https://www.reuters.com/article/idUSTRE63A0BQ20100411', 1270969200, 0);

-- 17: africa / sudan-extends-voting-after-delays-at-polling-stations (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  17, 2, 'sudan-extends-voting-after-delays-at-polling-stations',
  'Sudan extends voting after delays at polling stations',
  'Sudan''s election commission has extended voting in the country''s general elections by two days, after problems at polling stations.',
  '',
  '',
  '',
  '', '', 'published', 1271086200, 1271086200);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (17, 1, 'paragraph', 'Voting had been due to end on Tuesday but will now continue until Thursday.', '', '', '', ''),
  (17, 2, 'paragraph', 'Parties and observers reported names missing from voter lists, ballot papers sent to the wrong areas and polling stations that opened late.', '', '', '', ''),
  (17, 3, 'paragraph', 'Counting is due to begin once the polls close, with results expected later this month.', '', '', '', '');

-- 18: africa / nigerias-acting-president-swears-in-new-cabinet (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  18, 2, 'nigerias-acting-president-swears-in-new-cabinet',
  'Nigeria''s acting president swears in new cabinet',
  'Nigeria''s acting President Goodluck Jonathan has sworn in a new cabinet, weeks after dissolving the previous one.',
  '',
  '',
  '',
  '', '', 'published', 1270569600, 1270569600);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (18, 1, 'paragraph', 'Mr Jonathan became acting president in February while President Umaru Yar''Adua was ill. He dissolved the cabinet in March.', '', '', '', ''),
  (18, 2, 'paragraph', 'The new cabinet includes some ministers who served in the previous government, along with new faces. Power supplies, security and next year''s elections are expected to top its agenda.', '', '', '', ''),
  (18, 3, 'paragraph', 'Mr Yar''Adua returned to Nigeria from hospital treatment in Saudi Arabia in February but has not been seen in public since.', '', '', '', '');

-- 19: africa / thousands-attend-funeral-of-south-africas-eugene-terreblanche (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  19, 2, 'thousands-attend-funeral-of-south-africas-eugene-terreblanche',
  'Thousands attend funeral of South Africa''s Eugene Terre''Blanche',
  'Thousands of people have attended the funeral of the South African white supremacist leader Eugene Terre''Blanche in the town of Ventersdorp.',
  '',
  '',
  '',
  '', '', 'published', 1270816200, 1270825800);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (19, 1, 'paragraph', 'Mr Terre''Blanche, the leader of the Afrikaner Resistance Movement (AWB), was killed on his farm on 3 April. Two farm workers have been charged with his murder.', '', '', '', ''),
  (19, 2, 'paragraph', 'The government has appealed for calm, and police were deployed in large numbers around the town.', '', '', '', ''),
  (19, 3, 'paragraph', 'The killing has prompted a national debate about race relations, 16 years after the end of apartheid.', '', '', '', '');

-- 20: middle-east / iraqs-rival-blocs-still-at-odds-over-election-result (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  20, 4, 'iraqs-rival-blocs-still-at-odds-over-election-result',
  'Iraq''s rival blocs still at odds over election result',
  'A month after Iraq''s parliamentary election, the country''s political blocs are no closer to agreeing who should form the next government.',
  '/static/img/baghdad-skyline.svg',
  'Domes and towers of a city skyline beside a river at sunset',
  'Talks on forming a new government in Baghdad could take months',
  '', '', 'published', 1270720800, 1270720800);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (20, 1, 'paragraph', 'The Iraqiya alliance led by former Prime Minister Iyad Allawi won 91 seats in the 325-seat parliament, two more than Prime Minister Nouri Maliki''s State of Law coalition.', '', '', '', ''),
  (20, 2, 'paragraph', 'Mr Maliki''s bloc has challenged the results and asked for a manual recount in some areas. International observers described the vote as credible.', '', '', '', ''),
  (20, 3, 'paragraph', 'Neither bloc has enough seats to govern alone, and both have opened talks with Kurdish and Shia religious parties.', '', '', '', ''),
  (20, 4, 'paragraph', 'There are fears that a long delay could be exploited by insurgents.', '', '', '', '');

-- 21: middle-east / blasts-destroy-residential-buildings-in-baghdad (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  21, 4, 'blasts-destroy-residential-buildings-in-baghdad',
  'Blasts destroy residential buildings in Baghdad',
  'A series of bombs has destroyed several residential buildings in Baghdad, killing at least 35 people, Iraqi officials say.',
  '',
  '',
  '',
  '', '', 'published', 1270555200, 1270578000);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (21, 1, 'paragraph', 'The explosions hit mainly Shia districts of the capital within a short space of time on Tuesday morning. Dozens of people were injured.', '', '', '', ''),
  (21, 2, 'paragraph', 'Police said explosives had been planted inside the buildings.', '', '', '', ''),
  (21, 3, 'paragraph', 'The attacks came two days after suicide car bombs near several foreign embassies in the city killed about 30 people.', '', '', '', '');

-- 22: middle-east / police-detain-protesters-at-cairo-demonstration (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  22, 4, 'police-detain-protesters-at-cairo-demonstration',
  'Police detain protesters at Cairo demonstration',
  'Egyptian police have detained dozens of people at a demonstration in central Cairo calling for political reform.',
  '',
  '',
  '',
  '', '', 'published', 1270573200, 1270573200);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (22, 1, 'paragraph', 'The protesters, many of them young activists, were demanding changes to the constitution and an end to the state of emergency, in force since 1981.', '', '', '', ''),
  (22, 2, 'paragraph', 'Security forces surrounded the demonstrators and stopped them from marching.', '', '', '', ''),
  (22, 3, 'paragraph', 'Calls for reform have grown since the former head of the UN nuclear watchdog, Mohamed ElBaradei, returned to Egypt in February.', '', '', '', ''),
  (22, 4, 'paragraph', 'Parliamentary elections are due later this year.', '', '', '', '');

-- 23: middle-east / gulf-airlines-cancel-european-flights-as-ash-cloud-spreads (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  23, 4, 'gulf-airlines-cancel-european-flights-as-ash-cloud-spreads',
  'Gulf airlines cancel European flights as ash cloud spreads',
  'Airlines based in the Gulf have cancelled flights to many European cities because of the volcanic ash cloud over northern Europe.',
  '',
  '',
  '',
  '', '', 'published', 1271415600, 1271446200);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (23, 1, 'paragraph', 'Emirates, Qatar Airways and Etihad have suspended services to the UK and other countries whose airspace is closed.', '', '', '', ''),
  (23, 2, 'paragraph', 'Thousands of passengers are waiting at airports in Dubai, Doha and Abu Dhabi, many of them in transit between Asia and Europe.', '', '', '', ''),
  (23, 3, 'paragraph', 'Passengers have been advised to check with their airline before travelling to the airport.', '', '', '', '');

-- 24: south-asia / maoist-rebels-kill-dozens-of-police-in-indias-chhattisgarh (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  24, 5, 'maoist-rebels-kill-dozens-of-police-in-indias-chhattisgarh',
  'Maoist rebels kill dozens of police in India''s Chhattisgarh',
  'Maoist rebels have killed at least 70 paramilitary police in an ambush in the central Indian state of Chhattisgarh, officials say.',
  '',
  '',
  '',
  '', '', 'published', 1270544400, 1270575900);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (24, 1, 'paragraph', 'The attack took place in a forested area of Dantewada district, where members of the Central Reserve Police Force were on patrol.', '', '', '', ''),
  (24, 2, 'paragraph', 'It is the deadliest attack on the security forces since the insurgency began in the late 1960s.', '', '', '', ''),
  (24, 3, 'paragraph', 'The government launched a major offensive against the Maoists last year. The rebels say they are fighting for the rights of tribal people and the rural poor.', '', '', '', '');
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration) VALUES
  (24, 1, 'The Hindu', 'Maoists kill 76 security men in Dantewada',
    'https://www.thehindu.com/news/national/article390312.ece', 1270605600, 0);

-- 25: south-asia / sri-lankas-ruling-alliance-wins-parliamentary-election (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  25, 5, 'sri-lankas-ruling-alliance-wins-parliamentary-election',
  'Sri Lanka''s ruling alliance wins parliamentary election',
  'The governing coalition of Sri Lankan President Mahinda Rajapaksa has won a clear victory in parliamentary elections, official results show.',
  '',
  '',
  '',
  '', '', 'published', 1270807200, 1270821600);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (25, 1, 'paragraph', 'The United People''s Freedom Alliance won well over half of the 225 seats, but it is not yet clear whether it will reach the two-thirds majority needed to change the constitution.', '', '', '', ''),
  (25, 2, 'paragraph', 'Turnout was low, and voting in some areas is to be held again because of irregularities.', '', '', '', ''),
  (25, 3, 'paragraph', 'The election came three months after Mr Rajapaksa won a second term as president, and almost a year after the army defeated the Tamil Tiger rebels.', '', '', '', ''),
  (25, 4, 'paragraph', 'Former army chief Sarath Fonseka, who is in military detention, won a seat for the opposition Democratic National Alliance.', '', '', '', '');

-- 26: south-asia / pakistan-parliament-votes-to-curb-presidents-powers (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  26, 5, 'pakistan-parliament-votes-to-curb-presidents-powers',
  'Pakistan parliament votes to curb president''s powers',
  'Pakistan''s Senate has unanimously approved constitutional changes that transfer key powers from the president to parliament and the prime minister.',
  '/static/img/pakistan-parliament.svg',
  'A white parliament building with columns under a clear blue sky',
  'The amendment passed both houses of Pakistan''s parliament',
  '', '', 'published', 1271336400, 1271336400);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (26, 1, 'paragraph', 'The 18th amendment was passed by the National Assembly last week. It now goes to President Asif Ali Zardari to be signed into law.', '', '', '', ''),
  (26, 2, 'paragraph', 'The changes remove the president''s power to dismiss parliament, reversing measures introduced under military rulers.', '', '', '', ''),
  (26, 3, 'paragraph', 'North-West Frontier Province is also to be renamed Khyber-Pakhtunkhwa.', '', '', '', '');

-- 27: south-asia / militants-attack-us-consulate-in-peshawar (published)
INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt, image_caption,
                      sponsor, sponsor_url, status, published_at, updated_at) VALUES (
  27, 5, 'militants-attack-us-consulate-in-peshawar',
  'Militants attack US consulate in Peshawar',
  'Militants have attacked the US consulate in the Pakistani city of Peshawar with car bombs and gunfire, killing several people, officials say.',
  '',
  '',
  '',
  '', '', 'published', 1270467000, 1270483200);
INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
  (27, 1, 'paragraph', 'The attackers set off explosions near the heavily guarded compound and exchanged fire with security guards. No Americans were reported to have been hurt.', '', '', '', ''),
  (27, 2, 'paragraph', 'The Pakistani Taliban said they carried out the attack.', '', '', '', ''),
  (27, 3, 'paragraph', 'Hours earlier, a suicide bomber struck a political rally in the Lower Dir district of North-West Frontier Province, killing dozens of people.', '', '', '', '');

-- The seed story's own promos, and the site-wide list for every other article.
INSERT INTO article_promos (article_id, position, promo_id) VALUES
  (1, 1, 2),
  (1, 2, 3),
  (1, 3, 4);
INSERT INTO site_promos (position, promo_id) VALUES
  (1, 2),
  (2, 3),
  (3, 4);

-- The newsroom (sql/009_newsroom.sql): the seed story's correspondent as a person with her
-- byline, and topics.
INSERT INTO people (id, slug, name, role_title, bio, portrait_url, updated_at) VALUES
  (1, 'rayhan-demytrie', 'Rayhan Demytrie', 'BBC News, Jalalabad',
   'Rayhan Demytrie reports on Central Asia for BBC News from Kyrgyzstan and its neighbours.',
   '/static/img/rayhan-demytrie.svg', 1271346660);
INSERT INTO bylines (article_id, position, person_id) VALUES (1, 1, 1);
INSERT INTO topics (id, slug, name) VALUES (1, 'kyrgyzstan', 'Kyrgyzstan'), (2, 'central-asia', 'Central Asia');
INSERT INTO article_topics (article_id, position, topic_id) VALUES (1, 1, 1), (1, 2, 2);

-- The demo is the site as first made, not a change to it: Last-Modified comes from the stories.
UPDATE site_state SET changed_at = 0;
