(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source || typeof echarts === 'undefined') { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var palette = ['#1f5fa8', '#d9822b', '#3c9d5d', '#8c5bb5', '#c94a4a', '#3aa0b0', '#b59b2a', '#6b7785', '#2f4b7c', '#a05195'];
  function percent(value) { return value === null ? '\u2014' : (value * 100).toFixed(2) + '%'; }
  function tooltip(title, lines) {
    var box = document.createElement('div');
    var head = document.createElement('strong');
    head.textContent = title;
    box.appendChild(head);
    lines.forEach(function (line) {
      var row = document.createElement('div');
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }
  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    element.parentNode.hidden = false;
    option.animation = false;
    option.color = palette;
    option.textStyle = { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' };
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.push(chart);
  }
  var ranked = data.streets.filter(function (s) { return s.score !== null; });
  if (ranked.length > 0) {
    draw('chart-scores', {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: function (p) {
        var s = ranked[p.dataIndex];
        return tooltip(s.name, [data.labels.rank + ' ' + s.rank, data.labels.score + ' ' + s.score.toFixed(2)]);
      } },
      xAxis: { type: 'value', min: 0 },
      yAxis: { type: 'category', inverse: true, axisLabel: { interval: 0 }, data: ranked.map(function (s) { return s.rank + '. ' + s.name; }) },
      series: [{ type: 'bar', barMaxWidth: 18, data: ranked.map(function (s) { return s.score; }),
        label: { show: true, position: 'right', formatter: function (p) { return p.value.toFixed(2); } } }]
    });
  }
  var withProperty = data.streets.filter(function (s) {
    return data.property.some(function (i) { return s[i.key] !== null; });
  });
  if (withProperty.length > 0) {
    draw('chart-property', {
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (items) {
        var s = withProperty[items[0].dataIndex];
        return tooltip(s.name, data.property.map(function (i) { return i.label + ' ' + percent(s[i.key]); }));
      } },
      xAxis: { type: 'category', axisLabel: { interval: 0, rotate: 45 }, data: withProperty.map(function (s) { return s.name; }) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: data.property.map(function (i) {
        var series = { name: i.label, type: 'bar', data: withProperty.map(function (s) {
          return s[i.key] === null ? null : Math.round(s[i.key] * 10000) / 100;
        }) };
        if (i.target !== null) {
          series.markLine = { silent: true, symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed' },
            data: [{ yAxis: Math.round(i.target * 10000) / 100 }] };
        }
        return series;
      })
    });
  }
  if (data.serviceModes.length > 0) {
    draw('chart-modes', {
      legend: { type: 'scroll', bottom: 0 },
      tooltip: { trigger: 'item', formatter: function (p) {
        return tooltip(p.name, [data.labels.compounds + ' ' + p.value, data.labels.share + ' ' + p.percent.toFixed(2) + '%']);
      } },
      series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '46%'], data: data.serviceModes,
        label: { formatter: function (p) { return p.name + '\n' + p.value + ' (' + p.percent.toFixed(2) + '%)'; } } }]
    });
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
