// Tables and data of the SQL examples: Apache Ignite's SQL "Getting Started" world database, as
// pyignite's examples/helpers/sql_helper.py has them.
import { Decimal } from 'ignite-client';

const D = (text: string): Decimal => Decimal.parse(text);

export const TABLE_NAMES = ['Country', 'City', 'CountryLanguage'] as const;

export const Query = {
  COUNTRY_CREATE_TABLE: `CREATE TABLE Country (
        Code CHAR(3) PRIMARY KEY,
        Name CHAR(52),
        Continent CHAR(50),
        Region CHAR(26),
        SurfaceArea DECIMAL(10,2),
        IndepYear SMALLINT(6),
        Population INT(11),
        LifeExpectancy DECIMAL(3,1),
        GNP DECIMAL(10,2),
        GNPOld DECIMAL(10,2),
        LocalName CHAR(45),
        GovernmentForm CHAR(45),
        HeadOfState CHAR(60),
        Capital INT(11),
        Code2 CHAR(2)
    )`,
  COUNTRY_INSERT: `INSERT INTO Country(
        Code, Name, Continent, Region,
        SurfaceArea, IndepYear, Population,
        LifeExpectancy, GNP, GNPOld,
        LocalName, GovernmentForm, HeadOfState,
        Capital, Code2
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  CITY_CREATE_TABLE: `CREATE TABLE City (
        ID INT(11),
        Name CHAR(35),
        CountryCode CHAR(3),
        District CHAR(20),
        Population INT(11),
        PRIMARY KEY (ID, CountryCode)
    ) WITH "affinityKey=CountryCode"`,
  CITY_CREATE_INDEX: 'CREATE INDEX idx_country_code ON city (CountryCode)',
  CITY_INSERT: `INSERT INTO City(
        ID, Name, CountryCode, District, Population
    ) VALUES (?, ?, ?, ?, ?)`,
  LANGUAGE_CREATE_TABLE: `CREATE TABLE CountryLanguage (
        CountryCode CHAR(3),
        Language CHAR(30),
        IsOfficial BOOLEAN,
        Percentage DECIMAL(4,1),
        PRIMARY KEY (CountryCode, Language)
    ) WITH "affinityKey=CountryCode"`,
  LANGUAGE_CREATE_INDEX: 'CREATE INDEX idx_lang_country_code ON CountryLanguage (CountryCode)',
  LANGUAGE_INSERT: `INSERT INTO CountryLanguage(
        CountryCode, Language, IsOfficial, Percentage
    ) VALUES (?, ?, ?, ?)`,
  DROP_TABLE: (name: string): string => `DROP TABLE ${name} IF EXISTS`,
};

export const COUNTRY: unknown[][] = [
  ['USA', 'United States', 'North America', 'North America', D('9363520.00'), 1776, 278357000, D('77.1'), D('8510700.00'), D('8110900.00'), 'United States', 'Federal Republic', 'George W. Bush', 3813, 'US'],
  ['IND', 'India', 'Asia', 'Southern and Central Asia', D('3287263.00'), 1947, 1013662000, D('62.5'), D('447114.00'), D('430572.00'), 'Bharat/India', 'Federal Republic', 'Kocheril Raman Narayanan', 1109, 'IN'],
  ['CHN', 'China', 'Asia', 'Eastern Asia', D('9572900.00'), -1523, 1277558000, D('71.4'), D('982268.00'), D('917719.00'), 'Zhongquo', 'PeoplesRepublic', 'Jiang Zemin', 1891, 'CN'],
];

export const CITY: unknown[][] = [
  [3793, 'New York', 'USA', 'New York', 8008278],
  [3794, 'Los Angeles', 'USA', 'California', 3694820],
  [3795, 'Chicago', 'USA', 'Illinois', 2896016],
  [3796, 'Houston', 'USA', 'Texas', 1953631],
  [3797, 'Philadelphia', 'USA', 'Pennsylvania', 1517550],
  [3798, 'Phoenix', 'USA', 'Arizona', 1321045],
  [3799, 'San Diego', 'USA', 'California', 1223400],
  [3800, 'Dallas', 'USA', 'Texas', 1188580],
  [3801, 'San Antonio', 'USA', 'Texas', 1144646],
  [3802, 'Detroit', 'USA', 'Michigan', 951270],
  [3803, 'San Jose', 'USA', 'California', 894943],
  [3804, 'Indianapolis', 'USA', 'Indiana', 791926],
  [3805, 'San Francisco', 'USA', 'California', 776733],
  [1024, 'Mumbai (Bombay)', 'IND', 'Maharashtra', 10500000],
  [1025, 'Delhi', 'IND', 'Delhi', 7206704],
  [1026, 'Calcutta [Kolkata]', 'IND', 'West Bengali', 4399819],
  [1027, 'Chennai (Madras)', 'IND', 'Tamil Nadu', 3841396],
  [1028, 'Hyderabad', 'IND', 'Andhra Pradesh', 2964638],
  [1029, 'Ahmedabad', 'IND', 'Gujarat', 2876710],
  [1030, 'Bangalore', 'IND', 'Karnataka', 2660088],
  [1031, 'Kanpur', 'IND', 'Uttar Pradesh', 1874409],
  [1032, 'Nagpur', 'IND', 'Maharashtra', 1624752],
  [1033, 'Lucknow', 'IND', 'Uttar Pradesh', 1619115],
  [1034, 'Pune', 'IND', 'Maharashtra', 1566651],
  [1035, 'Surat', 'IND', 'Gujarat', 1498817],
  [1036, 'Jaipur', 'IND', 'Rajasthan', 1458483],
  [1890, 'Shanghai', 'CHN', 'Shanghai', 9696300],
  [1891, 'Peking', 'CHN', 'Peking', 7472000],
  [1892, 'Chongqing', 'CHN', 'Chongqing', 6351600],
  [1893, 'Tianjin', 'CHN', 'Tianjin', 5286800],
  [1894, 'Wuhan', 'CHN', 'Hubei', 4344600],
  [1895, 'Harbin', 'CHN', 'Heilongjiang', 4289800],
  [1896, 'Shenyang', 'CHN', 'Liaoning', 4265200],
  [1897, 'Kanton [Guangzhou]', 'CHN', 'Guangdong', 4256300],
  [1898, 'Chengdu', 'CHN', 'Sichuan', 3361500],
  [1899, 'Nanking [Nanjing]', 'CHN', 'Jiangsu', 2870300],
  [1900, 'Changchun', 'CHN', 'Jilin', 2812000],
  [1901, 'Xi´an', 'CHN', 'Shaanxi', 2761400],
  [1902, 'Dalian', 'CHN', 'Liaoning', 2697000],
  [1903, 'Qingdao', 'CHN', 'Shandong', 2596000],
  [1904, 'Jinan', 'CHN', 'Shandong', 2278100],
  [1905, 'Hangzhou', 'CHN', 'Zhejiang', 2190500],
  [1906, 'Zhengzhou', 'CHN', 'Henan', 2107200],
];

export const LANGUAGE: unknown[][] = [
  ['USA', 'Chinese', false, D('0.6')],
  ['USA', 'English', true, D('86.2')],
  ['USA', 'French', false, D('0.7')],
  ['USA', 'German', false, D('0.7')],
  ['USA', 'Italian', false, D('0.6')],
  ['USA', 'Japanese', false, D('0.2')],
  ['USA', 'Korean', false, D('0.3')],
  ['USA', 'Polish', false, D('0.3')],
  ['USA', 'Portuguese', false, D('0.2')],
  ['USA', 'Spanish', false, D('7.5')],
  ['USA', 'Tagalog', false, D('0.4')],
  ['USA', 'Vietnamese', false, D('0.2')],
  ['IND', 'Asami', false, D('1.5')],
  ['IND', 'Bengali', false, D('8.2')],
  ['IND', 'Gujarati', false, D('4.8')],
  ['IND', 'Hindi', true, D('39.9')],
  ['IND', 'Kannada', false, D('3.9')],
  ['IND', 'Malajalam', false, D('3.6')],
  ['IND', 'Marathi', false, D('7.4')],
  ['IND', 'Orija', false, D('3.3')],
  ['IND', 'Punjabi', false, D('2.8')],
  ['IND', 'Tamil', false, D('6.3')],
  ['IND', 'Telugu', false, D('7.8')],
  ['IND', 'Urdu', false, D('5.1')],
  ['CHN', 'Chinese', true, D('92.0')],
  ['CHN', 'Dong', false, D('0.2')],
  ['CHN', 'Hui', false, D('0.8')],
  ['CHN', 'Mantšu', false, D('0.9')],
  ['CHN', 'Miao', false, D('0.7')],
  ['CHN', 'Mongolian', false, D('0.4')],
  ['CHN', 'Puyi', false, D('0.2')],
  ['CHN', 'Tibetan', false, D('0.4')],
  ['CHN', 'Tujia', false, D('0.5')],
  ['CHN', 'Uighur', false, D('0.6')],
  ['CHN', 'Yi', false, D('0.6')],
  ['CHN', 'Zhuang', false, D('1.4')],
];
